package org.underlay.dsl;

import org.apache.log4j.ConsoleAppender;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.PatternLayout;

/**
 * Xtext logs through log4j 1; unconfigured, log4j prints a three-line warning on first use. Route warnings and errors
 * to standard error unless the host (a test, an IDE) has configured log4j already.
 */
public final class UnderlayLogging {

	private UnderlayLogging() {
	}

	public static synchronized void ensureConfigured() {
		Logger root = Logger.getRootLogger();
		if (root.getAllAppenders().hasMoreElements()) {
			return;
		}
		root.addAppender(new ConsoleAppender(new PatternLayout("%p %c{1}: %m%n"), ConsoleAppender.SYSTEM_ERR));
		root.setLevel(Level.WARN);
	}
}
