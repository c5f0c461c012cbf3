package dev.rackscope.api.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Base class of Rackscope JSON servlets. Subclasses declare routes relative to their whiteboard
 * pattern (for {@code /api/slurm/*}, the route {@code /mapping} answers {@code /api/slurm/mapping}):
 *
 * <pre>
 * get("/rooms/{room_id}/nodes", r -&gt; service.nodes(r.path("room_id")));
 * </pre>
 *
 * A handler returns the body to send with 200 (or a {@link Response}). Errors follow the original's
 * bodies: {@link ApiException} → {@code {"detail": ...}}; {@link ValidationException} → 422; an
 * unknown path → 404 {@code {"detail":"Not Found"}}; a known path with another method → 405
 * {@code {"detail":"Method Not Allowed"}}; anything else → 500
 * {@code {"error":"Internal server error","path":...}} without a stack trace.
 */
public abstract class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Pattern PARAM = Pattern.compile("\\{([a-zA-Z_][a-zA-Z0-9_]*)}");

    /** Handles one routed request. */
    @FunctionalInterface
    public interface Handler {
        Object handle(ApiRequest request) throws Exception;
    }

    /** A body with a status other than 200. */
    public record Response(int status, Object body) {
    }

    private record Route(String method, Pattern pattern, List<String> params, Handler handler) {
    }

    private final transient List<Route> routes = new ArrayList<>();

    protected final void get(String template, Handler handler) {
        route("GET", template, handler);
    }

    protected final void post(String template, Handler handler) {
        route("POST", template, handler);
    }

    protected final void put(String template, Handler handler) {
        route("PUT", template, handler);
    }

    protected final void delete(String template, Handler handler) {
        route("DELETE", template, handler);
    }

    /** Declares a route; {@code {name}} captures one path segment. */
    protected final void route(String method, String template, Handler handler) {
        List<String> params = new ArrayList<>();
        Matcher m = PARAM.matcher(template);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
            params.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        routes.add(new Route(method, Pattern.compile(regex.toString()), params, handler));
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = routePath(req);
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        boolean pathKnown = false;
        for (Route route : routes) {
            Matcher m = route.pattern.matcher(path);
            if (!m.matches()) {
                continue;
            }
            pathKnown = true;
            if (!route.method.equals(req.getMethod())
                    && !(route.method.equals("GET") && req.getMethod().equals("HEAD"))) {
                continue;
            }
            Map<String, String> params = new HashMap<>();
            for (int i = 0; i < route.params.size(); i++) {
                params.put(route.params.get(i), m.group(i + 1));
            }
            invoke(route.handler, new ApiRequest(req, resp, params), resp);
            return;
        }
        if (pathKnown) {
            send(resp, 405, Map.of("detail", "Method Not Allowed"));
        } else {
            send(resp, 404, Map.of("detail", "Not Found"));
        }
    }

    /**
     * The path routes are matched against: by default the part after the whiteboard pattern's prefix
     * ({@code getPathInfo()}). A servlet registered under several patterns can override this to route on
     * {@code getServletPath() + getPathInfo()}.
     */
    protected String routePath(HttpServletRequest req) {
        return req.getPathInfo() == null ? "" : req.getPathInfo();
    }

    private void invoke(Handler handler, ApiRequest request, HttpServletResponse resp) throws IOException {
        try {
            Object body = handler.handle(request);
            if (body instanceof Response r) {
                send(resp, r.status(), r.body());
            } else {
                send(resp, 200, body);
            }
        } catch (ApiException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("detail", e.detail());
            send(resp, e.status(), body);
        } catch (ValidationException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "Validation error");
            body.put("detail", e.errors());
            body.put("path", request.requestPath());
            send(resp, 422, body);
        } catch (Exception | StackOverflowError e) {
            log("Unhandled error on " + request.servletRequest().getMethod() + " " + request.requestPath(), e);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "Internal server error");
            body.put("path", request.requestPath());
            send(resp, 500, body);
        }
    }

    /** Writes {@code body} as JSON with {@code status}. */
    public static void send(HttpServletResponse resp, int status, Object body) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        if (status == 204 || status == 304) {
            resp.setStatus(status); // no content: no body, not even "null"
            return;
        }
        byte[] bytes = Json.write(body).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
