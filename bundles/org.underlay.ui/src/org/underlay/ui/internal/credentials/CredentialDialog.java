package org.underlay.ui.internal.credentials;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/**
 * Asks for a credential the design names but no source defines: user, a password (masked) or an SSH key file with
 * its passphrase, and whether to remember it in secure storage (checked: the operator is asked once, not on every
 * run).
 */
public final class CredentialDialog extends TitleAreaDialog {

	private final String name;
	private final String lookedIn;
	private Text user;
	private Text password;
	private Text keyFile;
	private Button remember;
	private PromptingCredentials.Answer answer;

	public CredentialDialog(Shell parent, String name, String lookedIn) {
		super(parent);
		this.name = name;
		this.lookedIn = lookedIn;
	}

	/** A {@link PromptingCredentials.Prompt} that opens this dialog on the UI thread and waits for it. */
	public static PromptingCredentials.Prompt prompt(Display display) {
		return (name, lookedIn) -> {
			PromptingCredentials.Answer[] result = new PromptingCredentials.Answer[1];
			display.syncExec(() -> {
				CredentialDialog dialog = new CredentialDialog(display.getActiveShell(), name, lookedIn);
				if (dialog.open() == OK) {
					result[0] = dialog.answer();
				}
			});
			return Optional.ofNullable(result[0]);
		};
	}

	@Override
	protected void configureShell(Shell shell) {
		super.configureShell(shell);
		shell.setText("Credential " + name);
	}

	@Override
	protected Control createDialogArea(Composite parent) {
		Composite area = (Composite) super.createDialogArea(parent);
		setTitle("Credential '" + name + "'");
		setMessage("The design names the credential '" + name + "', but it is not defined yet. Enter it to go on.");
		Composite fields = new Composite(area, SWT.NONE);
		fields.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		fields.setLayout(new GridLayout(2, false));
		new Label(fields, SWT.NONE).setText("User:");
		user = new Text(fields, SWT.BORDER | SWT.SINGLE);
		user.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		user.setMessage("the BMC's or SSH user; empty: the binding's user, or admin for a BMC");
		new Label(fields, SWT.NONE).setText("Password:");
		password = new Text(fields, SWT.BORDER | SWT.SINGLE | SWT.PASSWORD);
		password.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		password.setMessage("the password, or the key file's passphrase");
		password.addListener(SWT.Modify, e -> updateOk());
		new Label(fields, SWT.NONE).setText("SSH key file:");
		Composite keyRow = new Composite(fields, SWT.NONE);
		keyRow.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		GridLayout keyLayout = new GridLayout(2, false);
		keyLayout.marginWidth = keyLayout.marginHeight = 0;
		keyRow.setLayout(keyLayout);
		keyFile = new Text(keyRow, SWT.BORDER | SWT.SINGLE);
		keyFile.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		keyFile.setMessage("optional: a private key instead of a password");
		keyFile.addListener(SWT.Modify, e -> updateOk());
		Button browse = new Button(keyRow, SWT.PUSH);
		browse.setText("Browse...");
		browse.addListener(SWT.Selection, e -> {
			FileDialog files = new FileDialog(getShell(), SWT.OPEN);
			files.setText("SSH private key for '" + name + "'");
			files.setFilterPath(System.getProperty("user.home") + "/.ssh");
			String chosen = files.open();
			if (chosen != null) {
				keyFile.setText(chosen);
			}
		});
		remember = new Button(fields, SWT.CHECK);
		remember.setText("Remember in secure storage");
		remember.setSelection(true);
		remember.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
		Label where = new Label(fields, SWT.WRAP);
		where.setText("Looked in: " + lookedIn);
		GridData wrap = new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1);
		wrap.widthHint = 480;
		where.setLayoutData(wrap);
		password.setFocus();
		return area;
	}

	@Override
	protected void createButtonsForButtonBar(Composite parent) {
		super.createButtonsForButtonBar(parent);
		updateOk();
	}

	private void updateOk() {
		Button ok = getButton(IDialogConstants.OK_ID);
		if (ok == null) {
			return;
		}
		String key = keyFile.getText().strip();
		if (!key.isEmpty() && !Files.isReadable(Path.of(key))) {
			setErrorMessage("No readable key file " + key);
			ok.setEnabled(false);
			return;
		}
		setErrorMessage(null);
		ok.setEnabled(!key.isEmpty() || !password.getText().isEmpty());
	}

	@Override
	protected void okPressed() {
		String key = keyFile.getText().strip();
		answer = new PromptingCredentials.Answer(user.getText(), password.getTextChars(),
				key.isEmpty() ? null : Path.of(key), remember.getSelection());
		super.okPressed();
	}

	/** What was entered, after OK; null otherwise. */
	public PromptingCredentials.Answer answer() {
		return answer;
	}

	/** The dialog's fields (tests fill them as an operator would). */
	public Text userField() {
		return user;
	}

	public Text passwordField() {
		return password;
	}

	public Text keyFileField() {
		return keyFile;
	}

	public Button rememberBox() {
		return remember;
	}

	/** Whether OK can be pressed (a password typed, or a readable key file named). */
	public boolean okEnabled() {
		Button ok = getButton(IDialogConstants.OK_ID);
		return ok != null && ok.isEnabled();
	}

	/** Presses OK as the button would. */
	public void pressOk() {
		buttonPressed(IDialogConstants.OK_ID);
	}
}
