package org.underlay.operations.plan;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.underlay.dsl.DesignElements;
import org.underlay.dsl.params.ParamResolver;
import org.underlay.dsl.params.Templates;
import org.underlay.dsl.params.Values;
import org.underlay.dsl.underlay.AssertStep;
import org.underlay.dsl.underlay.Binding;
import org.underlay.dsl.underlay.BmcSpec;
import org.underlay.dsl.underlay.BootStep;
import org.underlay.dsl.underlay.CollectStep;
import org.underlay.dsl.underlay.Device;
import org.underlay.dsl.underlay.Environment;
import org.underlay.dsl.underlay.PowerAction;
import org.underlay.dsl.underlay.PowerStep;
import org.underlay.dsl.underlay.Profile;
import org.underlay.dsl.underlay.RebootStep;
import org.underlay.dsl.underlay.RunStep;
import org.underlay.dsl.underlay.ScriptStep;
import org.underlay.dsl.underlay.Site;
import org.underlay.dsl.underlay.Step;
import org.underlay.dsl.underlay.WaitSshStep;
import org.underlay.dsl.underlay.Workflow;
import org.underlay.operations.drift.DriftFinding;
import org.underlay.operations.drift.DriftSubject;


/**
 * Turns design + binding into a {@link Plan}: for every machine the environment binds, the steps of its workflows
 * (from its profiles, or the one named) become actions with rendered commands, checked against what the machine's
 * BMC declares it can do. No I/O beyond finding the design folder: the engine executes plans, the planner only
 * writes them.
 */
public final class Planner {

	private Planner() {
	}

	/** @param workflow run this workflow of the design on every machine; null: each machine's profile workflows */
	public static Plan plan(Site site, Environment environment, String workflow) {
		List<Plan.Machine> machines = new ArrayList<>();
		List<Plan.Action> actions = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		Set<String> powered = new LinkedHashSet<>();
		int id = 0;
		for (Binding binding : environment.getBindings()) {
			Device device = binding.getDevice();
			if (device == null || device.eIsProxy()) {
				problems.add("a binding of environment " + environment.getName() + " names no known device");
				continue;
			}
			String name = device.getName();
			List<Workflow> workflows = workflowsOf(device, workflow);
			machines.add(new Plan.Machine(name, PlanEndpoints.bmc(binding.getBmc()), PlanEndpoints.ssh(binding.getSsh()),
					workflows.stream().map(Workflow::getName).toList()));
			if (workflow != null && workflows.isEmpty()) {
				problems.add(name + ": no workflow named " + workflow);
			}
			Map<String, String> values = values(device);
			Integer previous = null;
			for (Workflow flow : workflows) {
				int number = 0;
				for (Step step : flow.getSteps()) {
					number++;
					String origin = flow.getName() + " step " + number;
					Plan.Kind kind = kindOf(step);
					Templates.Rendering rendering = render(step, values);
					String detail = rendering.text();
					List<String> stepProblems = new ArrayList<>(rendering.problems());
					String problem = check(device, binding, step);
					if (problem != null) {
						stepProblems.add(problem);
					}
					for (String each : stepProblems) {
						problems.add(name + ": " + origin + " (" + kind.name().toLowerCase().replace('_', ' ') + " "
								+ detail + ") " + each);
					}
					if (kind == Plan.Kind.POWER || kind == Plan.Kind.REBOOT) {
						powered.add(name);
					}
					id++;
					actions.add(new Plan.Action(id, name, kind, detail,
							previous == null ? List.of() : List.of(previous), origin));
					previous = id;
				}
			}
		}
		return new Plan(environment.getName(), site.getName(), workflow, machines, actions,
				BlastRadius.of(site, powered), problems);
	}

	/**
	 * The corrective actions for drift: power a machine to its desired state, set its desired boot device. What no
	 * action can fix (a MAC, a cable, a missing machine) stays drift for a person; it is not in the plan.
	 */
	public static Plan fix(Site site, Environment environment, List<DriftFinding> drift) {
		List<Plan.Machine> machines = new ArrayList<>();
		List<Plan.Action> actions = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		Set<String> powered = new LinkedHashSet<>();
		int id = 0;
		for (Binding binding : environment.getBindings()) {
			Device device = binding.getDevice();
			if (device == null || device.eIsProxy()) {
				continue;
			}
			Integer previous = null;
			boolean any = false;
			for (DriftFinding finding : drift) {
				if (!finding.device().equals(device.getName())
						|| finding.kind() != DriftFinding.Kind.MISMATCH) {
					continue;
				}
				Plan.Kind kind;
				String detail;
				if (finding.subject() instanceof DriftSubject.Power) {
					kind = Plan.Kind.POWER;
					detail = finding.designed().equals("on") ? "on" : "soft";
					powered.add(device.getName());
				} else if (finding.subject() instanceof DriftSubject.Boot) {
					kind = Plan.Kind.BOOT;
					detail = finding.designed();
				} else {
					continue;
				}
				if (binding.getBmc() == null) {
					problems.add(device.getName() + ": fixing " + finding.subject().label()
							+ " needs the machine's BMC, but the binding has no 'bmc' endpoint");
				}
				id++;
				actions.add(new Plan.Action(id, device.getName(), kind, detail,
						previous == null ? List.of() : List.of(previous), "fix " + finding.subject().label()));
				previous = id;
				any = true;
			}
			if (any) {
				machines.add(new Plan.Machine(device.getName(), PlanEndpoints.bmc(binding.getBmc()), PlanEndpoints.ssh(binding.getSsh()), List.of()));
			}
		}
		return new Plan(environment.getName(), site.getName(), "fix", machines, actions, BlastRadius.of(site, powered),
				problems);
	}

	/**
	 * One BMC action on machines an operator chose (the Deploy view's power and boot actions): a plan the engine runs
	 * like any other, each action checked against what the machine's BMC lists, with the blast radius of power
	 * actions. Machines the environment does not bind are left out.
	 *
	 * @param kind   {@link Plan.Kind#POWER} (detail "on", "off", "cycle", "reset" or "soft") or {@link Plan.Kind#BOOT}
	 *               (detail "pxe once", "disk once", "pxe", ...)
	 */
	public static Plan actions(Site site, Environment environment, List<String> machines, Plan.Kind kind,
			String detail) {
		if (kind != Plan.Kind.POWER && kind != Plan.Kind.BOOT) {
			throw new IllegalArgumentException("only power and boot actions run on their own, not " + kind);
		}
		List<Plan.Machine> planned = new ArrayList<>();
		List<Plan.Action> actions = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		Set<String> powered = new LinkedHashSet<>();
		String word = detail.split(" ")[0];
		int id = 0;
		for (Binding binding : environment.getBindings()) {
			Device device = binding.getDevice();
			if (device == null || device.eIsProxy() || !machines.contains(device.getName())) {
				continue;
			}
			String name = device.getName();
			BmcSpec spec = device.getType() == null || device.getType().eIsProxy() ? null : device.getType().getBmc();
			if (binding.getBmc() == null) {
				problems.add(name + ": needs the machine's BMC, but the binding has no 'bmc' endpoint");
			} else if (kind == Plan.Kind.POWER && spec != null && !spec.getPowerActions().isEmpty()
					&& spec.getPowerActions().stream().noneMatch(a -> a.getLiteral().equals(word))) {
				problems.add(name + ": power " + word + " is not among the power actions the BMC of "
						+ device.getType().getName() + " lists");
			} else if (kind == Plan.Kind.BOOT && spec != null && !spec.getBootTargets().isEmpty()
					&& spec.getBootTargets().stream().noneMatch(t -> t.getLiteral().equals(word))) {
				problems.add(name + ": boot " + word + " is not among the boot devices the BMC of "
						+ device.getType().getName() + " lists");
			}
			if (kind == Plan.Kind.POWER) {
				powered.add(name);
			}
			planned.add(new Plan.Machine(name, PlanEndpoints.bmc(binding.getBmc()), PlanEndpoints.ssh(binding.getSsh()), List.of()));
			actions.add(new Plan.Action(++id, name, kind, detail, List.of(), "chosen in the Deploy view"));
		}
		return new Plan(environment.getName(), site.getName(),
				kind.name().toLowerCase(Locale.ROOT) + " " + detail, planned, actions,
				BlastRadius.of(site, powered), problems);
	}

	private static List<Workflow> workflowsOf(Device device, String only) {
		List<Workflow> workflows = new ArrayList<>();
		if (only != null) {
			// a named workflow runs on every bound machine, whether its profiles name it or not
			for (Workflow flow : DesignElements
					.elementsOf(DesignElements.resourcesOf(device), Workflow.class)) {
				if (only.equals(flow.getName())) {
					workflows.add(flow);
					return workflows;
				}
			}
			return workflows;
		}
		for (Profile profile : ParamResolver.profilesOf(device)) {
			for (Workflow flow : profile.getWorkflows()) {
				if (flow != null && !flow.eIsProxy() && !workflows.contains(flow)
						&& (only == null || only.equals(flow.getName()))) {
					workflows.add(flow);
				}
			}
		}
		return workflows;
	}

	/** Built-ins and effective params, as templates render them. */
	private static Map<String, String> values(Device device) {
		Map<String, String> values = new LinkedHashMap<>(Templates.builtIns(device));
		for (var param : ParamResolver.resolve(device)) {
			if (param.isSet()) {
				values.put(param.declaration().getName(), Values.render(param.value()));
			}
		}
		return values;
	}

	static Plan.Kind kindOf(Step step) {
		if (step instanceof PowerStep) {
			return Plan.Kind.POWER;
		} else if (step instanceof BootStep) {
			return Plan.Kind.BOOT;
		} else if (step instanceof WaitSshStep) {
			return Plan.Kind.WAIT_SSH;
		} else if (step instanceof RunStep) {
			return Plan.Kind.RUN;
		} else if (step instanceof ScriptStep) {
			return Plan.Kind.SCRIPT;
		} else if (step instanceof RebootStep) {
			return Plan.Kind.REBOOT;
		} else if (step instanceof CollectStep) {
			return Plan.Kind.COLLECT_FACTS;
		}
		return Plan.Kind.ASSERT_FACT;
	}

	/**
	 * What an action does, and why it must not run: commands with the values shell-quoted where they stand, a script
	 * as its file (a path of the design folder, never rendered outside it) and its quoted arguments.
	 */
	private static Templates.Rendering render(Step step, Map<String, String> values) {
		if (step instanceof RunStep run) {
			return Templates.renderShell(run.getCommand(), values::get);
		} else if (step instanceof ScriptStep script) {
			String[] parts = Templates.splitScript(script.getPath());
			String path = Templates.render(parts[0], values::get);
			Templates.Rendering arguments = Templates.renderShell(parts[1], values::get);
			List<String> problems = new ArrayList<>();
			String outside = scriptPathProblem(path);
			if (outside != null) {
				problems.add(outside);
			}
			problems.addAll(arguments.problems());
			return new Templates.Rendering(arguments.text().isEmpty() ? path : path + " " + arguments.text(), problems);
		}
		return new Templates.Rendering(detail(step), List.of());
	}

	/**
	 * Why a script path, as rendered, is not a file of the design folder (only those are uploaded), or null: absolute,
	 * leaving the folder once normalized, or not one word (the engine reads the detail's first word as the file).
	 */
	static String scriptPathProblem(String path) {
		if (path.isEmpty()) {
			return "names no file";
		}
		if (path.chars().anyMatch(Character::isWhitespace)) {
			return "names the path " + path + ", which is not one file name";
		}
		try {
			Path file = Path.of(path);
			if (file.isAbsolute() || file.normalize().startsWith("..") || file.normalize().toString().isEmpty()) {
				return "names the path " + path + ", outside the design folder; only files of the design are uploaded";
			}
		} catch (InvalidPathException e) {
			return "names the path " + path + ", which is not one file name";
		}
		return null;
	}

	private static String detail(Step step) {
		if (step instanceof PowerStep power) {
			return power.getAction().getLiteral();
		} else if (step instanceof BootStep boot) {
			return boot.getTarget().getLiteral() + (boot.isOnce() ? " once" : "");
		} else if (step instanceof WaitSshStep wait) {
			return "timeout " + (wait.getTimeout() > 0 ? wait.getTimeout() : 300) + " s";
		} else if (step instanceof AssertStep check) {
			return "\"" + check.getFact() + "\" " + check.getOperator().getLiteral() + " "
					+ Values.format(check.getExpected());
		}
		return "";
	}

	/** What forbids running the step on this machine, or null. */
	private static String check(Device device, Binding binding, Step step) {
		boolean bmcStep = step instanceof PowerStep || step instanceof BootStep || step instanceof RebootStep;
		if (bmcStep && binding.getBmc() == null) {
			return "needs the machine's BMC, but the binding has no 'bmc' endpoint";
		}
		if (!bmcStep && !(step instanceof AssertStep) && binding.getSsh() == null) {
			return "needs SSH, but the binding has no 'ssh' endpoint";
		}
		BmcSpec spec = device.getType() == null || device.getType().eIsProxy() ? null : device.getType().getBmc();
		if (step instanceof PowerStep power && spec != null && !spec.getPowerActions().isEmpty()
				&& !spec.getPowerActions().contains(power.getAction())) {
			return "is not among the power actions the BMC of " + device.getType().getName() + " lists ("
					+ String.join(", ", spec.getPowerActions().stream().map(PowerAction::getLiteral).toList()) + ")";
		}
		if (step instanceof BootStep boot && spec != null && !spec.getBootTargets().isEmpty()
				&& !spec.getBootTargets().contains(boot.getTarget())) {
			return "is not among the boot devices the BMC of " + device.getType().getName() + " lists";
		}
		return null;
	}
}
