package org.underlay.deploy.fanout;

import java.time.Duration;
import java.util.List;

/** All outcomes of a run, in target order. */
public record FanOutReport<T, R>(List<Outcome<T, R>> outcomes, Duration elapsed, int maxInFlight) {

	public FanOutReport {
		outcomes = List.copyOf(outcomes);
	}

	public List<Outcome<T, R>> succeeded() {
		return outcomes.stream().filter(o -> o.status() == Outcome.Status.SUCCEEDED).toList();
	}

	public List<Outcome<T, R>> failed() {
		return outcomes.stream().filter(o -> o.status() == Outcome.Status.FAILED).toList();
	}

	public List<Outcome<T, R>> cancelled() {
		return outcomes.stream().filter(o -> o.status() == Outcome.Status.CANCELLED).toList();
	}

	public boolean allSucceeded() {
		return outcomes.stream().allMatch(Outcome::succeeded);
	}
}
