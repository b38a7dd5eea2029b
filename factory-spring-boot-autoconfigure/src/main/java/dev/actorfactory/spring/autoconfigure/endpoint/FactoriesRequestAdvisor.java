package dev.actorfactory.spring.autoconfigure.endpoint;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.InvocationContext;
import org.springframework.boot.actuate.endpoint.OperationArgumentResolver;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvoker;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvokerAdvisor;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameters;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * Makes the {@code factories} endpoint's write operation strict about its request body. Actuator hands an operation
 * its arguments already converted (on Spring MVC the body is read as a {@code Map<String, String>}, so {@code 5} and
 * {@code "5"} arrive alike and Jackson refuses objects, arrays and malformed JSON with a bare 400), so on Spring MVC
 * {@link FactoriesRequestBodyCapture} passes the raw body on under {@link #RAW_BODY}, and this advisor parses it with
 * {@link FactoryOperationRequest}: a refused body is answered 400 {@code {"error": "..."}} before the operation runs;
 * a valid one is passed on as typed {@code workers} / {@code action} arguments.
 *
 * <p>Without the raw body (another web stack, JMX) the arguments are the converted ones; then only unknown fields
 * are refused here and the endpoint checks the rest.
 */
final class FactoriesRequestAdvisor implements OperationInvokerAdvisor {

    /** The argument under which the raw body of a write to the endpoint arrives (see the capture). */
    static final String RAW_BODY = "factories.raw-request-body";

    private static final EndpointId FACTORIES = EndpointId.of("factories");
    private static final String SELECTOR = "name";

    @Override
    public OperationInvoker apply(EndpointId endpointId, OperationType operationType, OperationParameters parameters,
            OperationInvoker invoker) {
        if (!FACTORIES.equals(endpointId) || operationType != OperationType.WRITE) {
            return invoker;
        }
        return context -> invoke(context, invoker);
    }

    private static @Nullable Object invoke(InvocationContext context, OperationInvoker invoker) {
        Map<String, Object> arguments = context.getArguments();
        Set<String> extra = new TreeSet<>(arguments.keySet());
        extra.remove(SELECTOR);
        if (!arguments.containsKey(RAW_BODY)) {
            extra.removeAll(FactoryOperationRequest.fieldNames());
            if (!extra.isEmpty()) {
                return badRequest(FactoryOperationRequest.unknownField(extra.iterator().next()));
            }
            return invoker.invoke(context);
        }
        extra.remove(RAW_BODY);
        if (!extra.isEmpty()) {
            return new WebEndpointResponse<>(Map.of("error", "Query parameters are not accepted (" + extra
                    + "); send the operation as the JSON body. " + FactoryOperationRequest.EXPECTED),
                    WebEndpointResponse.STATUS_BAD_REQUEST);
        }
        Object raw = arguments.get(RAW_BODY);
        FactoryOperationRequest.Parsed parsed = FactoryOperationRequest.parse(raw == null ? null : raw.toString());
        if (!(parsed instanceof FactoryOperationRequest.Valid valid)) {
            return badRequest(parsed);
        }
        Map<String, Object> typed = new LinkedHashMap<>();
        typed.put(SELECTOR, arguments.get(SELECTOR));
        FactoryOperationRequest request = valid.request();
        if (request.workers() != null) {
            typed.put("workers", request.workers());
        }
        if (request.action() != null) {
            typed.put("action", request.action().jsonName());
        }
        Object settings = FactoryOperationRequest.settingsJson(raw.toString());
        if (request.settings() != null && settings != null) {
            typed.put("settings", settings);
        }
        SecurityContext security = context.resolveArgument(SecurityContext.class);
        return invoker.invoke(new InvocationContext(security == null ? SecurityContext.NONE : security, typed,
                new Delegating(context)));
    }

    private static WebEndpointResponse<Object> badRequest(FactoryOperationRequest.Parsed parsed) {
        String message = parsed instanceof FactoryOperationRequest.Invalid invalid ? invalid.message()
                : "Bad request";
        return new WebEndpointResponse<>(Map.of("error", message), WebEndpointResponse.STATUS_BAD_REQUEST);
    }

    /** Resolves the arguments the original context resolves (server namespace, accepted types, ...). */
    private record Delegating(InvocationContext original) implements OperationArgumentResolver {

        @Override
        public boolean canResolve(Class<?> type) {
            return original.canResolve(type);
        }

        @Override
        public <T> @Nullable T resolve(Class<T> type) {
            return original.resolveArgument(type);
        }
    }
}
