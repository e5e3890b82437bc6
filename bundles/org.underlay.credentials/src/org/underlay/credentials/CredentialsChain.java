package org.underlay.credentials;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Asks providers in order; the first that defines a name wins. An unusable source fails the lookup. */
public final class CredentialsChain implements CredentialsProvider {

	private final List<CredentialsProvider> providers;

	public CredentialsChain(List<? extends CredentialsProvider> providers) {
		this.providers = List.copyOf(providers);
	}

	public static CredentialsChain of(CredentialsProvider... providers) {
		return new CredentialsChain(List.of(providers));
	}

	@Override
	public Optional<Secret> find(String name) throws CredentialsException {
		CredentialsProvider.checkName(name);
		for (CredentialsProvider p : providers) {
			Optional<Secret> s = p.find(name);
			if (s.isPresent()) {
				return s;
			}
		}
		return Optional.empty();
	}

	@Override
	public String describe() {
		return providers.stream().map(CredentialsProvider::describe).collect(Collectors.joining("; "));
	}

	@Override
	public String toString() {
		return "CredentialsChain[" + describe() + "]";
	}
}
