package dev.actorfactory.sample.security;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The two users of the operations endpoints. Passwords come from configuration — set them with the environment
 * variables {@code SAMPLE_USERS_ADMIN_PASSWORD} and {@code SAMPLE_USERS_VIEWER_PASSWORD}; when one is not set, a
 * random password is generated at start and logged, so no secret is ever built in.
 *
 * @param admin may read every endpoint and operate factories ({@code POST /actuator/factories/**})
 * @param viewer may read the actuator endpoints
 */
@ConfigurationProperties("sample.users")
public record SampleUsersProperties(@Nullable User admin, @Nullable User viewer) {

    /**
     * One user.
     *
     * @param name the user name
     * @param password the password; generated at start when empty
     */
    public record User(@Nullable String name, @Nullable String password) {
    }
}
