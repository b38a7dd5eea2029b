package dev.actorfactory.sample.security;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP Basic for the operations endpoints: {@code /actuator/health} is public, reading any other actuator endpoint
 * needs a user, and operating factories ({@code POST /actuator/factories/**}) needs role ADMIN. The business API
 * ({@code /orders}, {@code /customers}, {@code /quotes}, {@code /demo}) is open, as the sample's focus is operations.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers(HttpMethod.POST, "/actuator/factories", "/actuator/factories/**")
                        .hasRole("ADMIN")
                        .requestMatchers("/actuator", "/actuator/**").authenticated()
                        .requestMatchers("/demo/**").authenticated() // a load generator is an operation
                        .anyRequest().permitAll())
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf.disable()) // a stateless JSON API authenticated per request: no session to forge
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    @Bean
    UserDetailsService users(SampleUsersProperties properties) {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(
                user(properties.admin(), "admin", encoder, "ADMIN", "VIEWER"),
                user(properties.viewer(), "viewer", encoder, "VIEWER"));
    }

    private static org.springframework.security.core.userdetails.UserDetails user(
            SampleUsersProperties.@Nullable User configured, String defaultName, PasswordEncoder encoder,
            String... roles) {
        String name = configured == null || configured.name() == null || configured.name().isBlank() ? defaultName
                : configured.name();
        String password = configured == null ? null : configured.password();
        if (password == null || password.isBlank()) {
            password = UUID.randomUUID().toString();
            log.warn("No password configured for user '{}' (sample.users.{}.password); generated: {}", name,
                    defaultName, password);
        }
        return User.withUsername(name).password(encoder.encode(password)).roles(roles).build();
    }
}
