package dev.actorfactory.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains the start-up errors of actor factories, with the action that fixes each one. */
class FactoryFailureAnalyzer extends AbstractFailureAnalyzer<FactoryConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, FactoryConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
