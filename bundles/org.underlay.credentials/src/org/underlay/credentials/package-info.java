/**
 * Credentials referenced by name. Designs name a credential ({@code fra1-bmc}, {@code deploy-key}); a
 * {@link org.underlay.credentials.CredentialsProvider} resolves the name to a {@link org.underlay.credentials.Secret}
 * when a connection needs it. The CLI uses {@link org.underlay.credentials.EnvironmentCredentials} and
 * {@link org.underlay.credentials.FileCredentials} (chained with
 * {@link org.underlay.credentials.CredentialsChain}); the workbench supplies an Eclipse Secure Storage provider.
 *
 * <p>Rule for every type here: no secret value ever appears in a {@code toString()}, an exception message or a log.
 * Messages name the credential and where it was looked up, never its content.
 */
package org.underlay.credentials;
