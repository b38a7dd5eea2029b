package dev.actorfactory.spring.autoconfigure;

/**
 * A factory cannot be set up from the application's configuration or beans. Carries what to do about it; the
 * {@link FactoryFailureAnalyzer} turns it into Spring Boot's start-up failure report.
 */
public class FactoryConfigurationException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String action;

    /** Creates the exception with a description of the problem and the action that fixes it. */
    public FactoryConfigurationException(String description, String action) {
        super(description);
        this.action = action;
    }

    /** What to do about it. */
    public String action() {
        return action;
    }
}
