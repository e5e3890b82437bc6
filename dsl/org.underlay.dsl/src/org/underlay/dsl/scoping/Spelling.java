package org.underlay.dsl.scoping;

import java.util.Collection;

/** "Did you mean": the known name nearest to a misspelt one. */
public final class Spelling {

	private Spelling() {
	}

	/**
	 * The candidate with the fewest edits (insert, delete, replace, swap of neighbours) from {@code wanted}, if at most
	 * a third of its characters (and at least one) differ; ties go to the first in iteration order. Null if none.
	 */
	public static String nearest(String wanted, Collection<String> candidates) {
		if (wanted == null) {
			return null;
		}
		int limit = Math.max(1, wanted.length() / 3);
		String best = null;
		int bestDistance = limit + 1;
		for (String candidate : candidates) {
			if (Math.abs(candidate.length() - wanted.length()) >= bestDistance || candidate.equals(wanted)) {
				continue;
			}
			int d = distance(wanted, candidate, bestDistance);
			if (d < bestDistance) {
				best = candidate;
				bestDistance = d;
			}
		}
		return best;
	}

	/** Optimal string alignment distance, or {@code cap} once it cannot be less. */
	static int distance(String a, String b, int cap) {
		int[][] d = new int[a.length() + 1][b.length() + 1];
		for (int i = 0; i <= a.length(); i++) {
			d[i][0] = i;
		}
		for (int j = 0; j <= b.length(); j++) {
			d[0][j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			int rowMin = Integer.MAX_VALUE;
			for (int j = 1; j <= b.length(); j++) {
				int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
				int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
				if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
					v = Math.min(v, d[i - 2][j - 2] + 1);
				}
				d[i][j] = v;
				rowMin = Math.min(rowMin, v);
			}
			if (rowMin >= cap) {
				return cap;
			}
		}
		return d[a.length()][b.length()];
	}
}
