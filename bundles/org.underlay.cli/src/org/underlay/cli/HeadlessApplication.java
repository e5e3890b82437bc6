package org.underlay.cli;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

/** The OSGi entry point of the command line: hands the arguments to {@link UnderlayCli}, returns its exit code. */
public class HeadlessApplication implements IApplication {

	@Override
	public Object start(IApplicationContext context) {
		String[] args = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
		context.applicationRunning();
		int code = new UnderlayCli(System.out, System.err).run(args == null ? new String[0] : args);
		System.out.flush();
		return Integer.valueOf(code);
	}

	@Override
	public void stop() {
		// commands are short and end by themselves
	}
}
