package org.underlay.ui.internal.views;

import java.util.Locale;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.underlay.operations.plan.Plan;

/**
 * A plan in a scrollable, monospaced text under a short message with what matters for the decision (how many
 * machines and actions, the blast radius): the plan of a whole site does not fit a message box, whose buttons would
 * end up below the screen.
 */
public final class PlanDialog extends MessageDialog {

	private final String plan;

	private PlanDialog(Shell parent, String title, String message, String plan, int kind, String... buttons) {
		super(parent, title, null, message, kind, 0, buttons);
		this.plan = plan;
		setShellStyle(getShellStyle() | SWT.RESIZE);
	}

	/** Asks whether to apply the plan; true for Apply. */
	public static boolean confirm(Shell parent, Plan plan) {
		String title = "Apply " + (plan.workflow() == null ? "the plan" : plan.workflow()) + " to " + plan.environment()
				+ "?";
		return new PlanDialog(parent, title, summary(plan) + "\n\n" + blastRadius(plan), plan.toText(), CONFIRM,
				"Apply", IDialogConstants.CANCEL_LABEL).open() == 0;
	}

	/**
	 * Asks whether to run a machine action that cuts power (off, cycle, reset, soft) on the chosen machines, with
	 * what else it affects; true for the action.
	 */
	public static boolean confirmAction(Shell parent, Plan actions) {
		Plan.Action first = actions.actions().get(0);
		String what = title(first.kind(), first.detail());
		String machines = String.join(", ", actions.machines().stream().map(Plan.Machine::name).toList());
		String message = what + " on " + actions.machines().size() + (actions.machines().size() == 1 ? " machine"
				: " machines") + " of " + actions.environment() + ": " + machines + ".\n" + switch (first.detail()) {
				case "off" -> "Power is cut at once, without shutting the operating system down.";
				case "cycle" -> "Power is cut at once and turned on again, without shutting the operating system down.";
				case "reset" -> "The machine is reset at once, without shutting the operating system down.";
				default -> "The operating system is asked to shut down.";
				} + "\n\n" + blastRadius(actions);
		return MessageDialog.openConfirm(parent, what + " " + machines + "?", message);
	}

	/** "Power off", "Boot pxe once": an action as a title. */
	public static String title(Plan.Kind kind, String detail) {
		String text = kind.name().toLowerCase(Locale.ROOT) + " " + detail;
		return Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

	/** Shows the plan. */
	public static void show(Shell parent, Plan plan) {
		new PlanDialog(parent, "Plan for " + plan.environment(), summary(plan) + "\n" + blastRadius(plan),
				plan.toText(), INFORMATION, IDialogConstants.CLOSE_LABEL).open();
	}

	private static String summary(Plan plan) {
		int machines = plan.machines().size();
		int actions = plan.actions().size();
		return (plan.workflow() == null ? "Each machine's own workflows" : "Workflow " + plan.workflow()) + " on "
				+ machines + (machines == 1 ? " machine" : " machines") + " of " + plan.environment() + " (site "
				+ plan.site() + "): " + actions + (actions == 1 ? " action." : " actions.");
	}

	private static String blastRadius(Plan plan) {
		if (plan.blastRadius().isEmpty()) {
			return "Blast radius: nothing beyond these machines.";
		}
		StringBuilder text = new StringBuilder("Blast radius - this also affects:");
		plan.blastRadius().forEach((machine, affected) -> text.append("\n  ").append(machine).append(": ")
				.append(String.join(", ", affected)));
		return text.toString();
	}

	@Override
	protected Control createCustomArea(Composite parent) {
		Text text = new Text(parent, SWT.MULTI | SWT.READ_ONLY | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL);
		text.setFont(JFaceResources.getTextFont());
		text.setText(plan);
		GC gc = new GC(text);
		Point character = gc.textExtent("M");
		gc.dispose();
		GridData data = new GridData(SWT.FILL, SWT.FILL, true, true);
		data.widthHint = 90 * character.x;
		data.heightHint = (int) Math.min(24, plan.lines().count() + 1) * character.y;
		data.horizontalIndent = 0;
		text.setLayoutData(data);
		return text;
	}

	@Override
	protected boolean isResizable() {
		return true;
	}
}
