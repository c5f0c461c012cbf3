package dev.rackscope.api.http;

/**
 * An error a handler raises on purpose; {@link ApiServlet} answers it as {@code {"detail": detail}}
 * with the given status.
 */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Object detail;

    /** @param detail a string or any JSON-serialisable object */
    public ApiException(int status, Object detail) {
        super(String.valueOf(detail));
        this.status = status;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    public Object detail() {
        return detail;
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, detail);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, detail);
    }
}
