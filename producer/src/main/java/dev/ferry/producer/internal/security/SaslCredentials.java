package dev.ferry.producer.internal.security;

import dev.ferry.common.ConfigException;
import dev.ferry.common.Password;
import dev.ferry.producer.SecurityConfig;

/**
 * The user name and password the producer authenticates with, from {@code sasl.jaas.config}.
 * kafka-clients' PLAIN and SCRAM login modules carry the same two options, and kafka-clients lets
 * either module serve either mechanism, so Ferry accepts both for all three mechanisms.
 *
 * @param tokenAuth ScramLoginModule's {@code tokenauth=true}: the credentials are a delegation token
 */
public record SaslCredentials(String username, Password password, boolean tokenAuth) {
    public static final String PLAIN_LOGIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    public static final String SCRAM_LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

    /** The credentials of a config that uses SASL; a missing or unusable {@code sasl.jaas.config} is a ConfigException. */
    public static SaslCredentials forConfig(SecurityConfig config) {
        if (config.saslJaasConfig() == null) {
            throw new ConfigException("Missing required configuration " + SecurityConfig.SASL_JAAS_CONFIG + " for "
                    + SecurityConfig.SECURITY_PROTOCOL + "=" + config.securityProtocol() + ": set it to e.g. '"
                    + PLAIN_LOGIN_MODULE + " required username=\"...\" password=\"...\";' (JAAS files named by "
                    + "java.security.auth.login.config are not read)");
        }
        return fromJaasConfig(
                SecurityConfig.SASL_JAAS_CONFIG, config.saslJaasConfig().value());
    }

    /**
     * @param key the configuration key, for error messages
     * @throws ConfigException naming the key, the login module when it cannot be a secret, or the
     *                         missing option; never a value
     */
    public static SaslCredentials fromJaasConfig(String key, String jaasConfig) {
        JaasConfig entry = JaasConfig.parse(key, jaasConfig);
        if (!entry.loginModule().equals(PLAIN_LOGIN_MODULE)
                && !entry.loginModule().equals(SCRAM_LOGIN_MODULE)) {
            String module = entry.shownLoginModule()
                    .map(name -> "login module " + name)
                    .orElse("the login module (not shown: it is not a plain class name)");
            throw new ConfigException(
                    key,
                    Password.HIDDEN,
                    module + " is not supported: use " + PLAIN_LOGIN_MODULE + " or " + SCRAM_LOGIN_MODULE);
        }
        String username = entry.options().get("username");
        String password = entry.options().get("password");
        if (username == null || username.isEmpty()) {
            throw new ConfigException(key, Password.HIDDEN, "the login module entry needs a username option");
        }
        if (password == null || password.isEmpty()) {
            throw new ConfigException(key, Password.HIDDEN, "the login module entry needs a password option");
        }
        return new SaslCredentials(
                username,
                new Password(password),
                "true".equalsIgnoreCase(entry.options().get("tokenauth")));
    }
}
