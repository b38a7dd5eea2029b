package dev.actorfactory.spring.autoconfigure.endpoint;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.webmvc.actuate.endpoint.web.WebMvcEndpointHandlerMapping;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

import tools.jackson.databind.json.JsonMapper;

/**
 * On Spring MVC, hands the raw body of a {@code POST} to the {@code factories} endpoint to
 * {@link FactoriesRequestAdvisor} instead of letting Jackson convert it: the body is read as it was sent and replaced
 * by {@code {"factories.raw-request-body": "<the body as text>"}}, which always reads, so malformed JSON, a top-level
 * array and objects as values reach the endpoint's strict parser and get its specific message rather than Spring's
 * bare 400. Scoped to Actuator's handlers ({@code basePackageClasses}) and, within them, to the {@code factories}
 * endpoint's path: the application's own request bodies and other endpoints' are left alone.
 */
@ControllerAdvice(basePackageClasses = WebMvcEndpointHandlerMapping.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
final class FactoriesRequestBodyCapture extends RequestBodyAdviceAdapter {

    private static final EndpointId FACTORIES = EndpointId.of("factories");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ObjectProvider<PathMappedEndpoints> paths;

    FactoriesRequestBodyCapture(ObjectProvider<PathMappedEndpoints> paths) {
        this.paths = paths;
    }

    @Override
    public boolean supports(MethodParameter methodParameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage inputMessage, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        if (!isFactoriesRequest()) {
            return inputMessage;
        }
        byte[] raw = inputMessage.getBody().readNBytes(FactoryOperationRequest.MAX_BODY_LENGTH * 4 + 1);
        byte[] replaced = JSON.writeValueAsBytes(
                Map.of(FactoriesRequestAdvisor.RAW_BODY, new String(raw, StandardCharsets.UTF_8)));
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(inputMessage.getHeaders());
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setContentLength(replaced.length);
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(replaced);
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }

    @Override
    public @Nullable Object handleEmptyBody(@Nullable Object body, HttpInputMessage inputMessage,
            MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return isFactoriesRequest() ? Map.of(FactoriesRequestAdvisor.RAW_BODY, "") : body;
    }

    private boolean isFactoriesRequest() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        PathMappedEndpoints endpoints = paths.getIfAvailable();
        if (attributes == null || endpoints == null) {
            return false;
        }
        String path = endpoints.getPath(FACTORIES);
        Object pattern = attributes.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE,
                RequestAttributes.SCOPE_REQUEST);
        return path != null && (path + "/{name}").equals(pattern);
    }
}
