package dev.rackscope.core.load;

/**
 * A configuration that cannot be loaded: the message says what is wrong in the operator's terms and
 * names the file and, when YAML gives it, the 1-based line.
 */
public class LoadException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final Integer line;

    public LoadException(String message, String file, Integer line, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.line = line;
    }

    public LoadException(String message, String file) {
        this(message, file, null, null);
    }

    /** The offending file, or {@code null}. */
    public String file() {
        return file;
    }

    /** The 1-based line, or {@code null}. */
    public Integer line() {
        return line;
    }
}
