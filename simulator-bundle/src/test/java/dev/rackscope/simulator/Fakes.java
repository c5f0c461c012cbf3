package dev.rackscope.simulator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rackscope.api.config.ConfigWriter;
import dev.rackscope.api.config.RackscopeConfig;
import dev.rackscope.api.http.Json;
import dev.rackscope.api.model.AppConfig;
import dev.rackscope.api.model.Catalog;
import dev.rackscope.api.model.MetricDefinition;
import dev.rackscope.api.model.Topology;
import dev.rackscope.api.snapshot.LoadError;
import dev.rackscope.api.snapshot.Snapshot;
import dev.rackscope.api.snapshot.SnapshotService;
import dev.rackscope.api.snapshot.TopologyIndex;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Hand-written fakes of the core services and of the servlet container. */
final class Fakes {

    private Fakes() {
    }

    /** The core's config service over a folder: relative paths resolve against it; YAML read with SnakeYAML. */
    static final class Config implements RackscopeConfig {
        final Path dir;

        Config(Path dir) {
            this.dir = dir.toAbsolutePath().normalize();
        }

        @Override
        public Path appConfigFile() {
            return dir.resolve("app.yaml");
        }

        @Override
        public Path configDir() {
            return dir;
        }

        @Override
        public Optional<Map<String, Object>> appYaml() {
            return Optional.empty();
        }

        @Override
        public Map<String, Object> pluginSettings(String pluginId) {
            return Map.of();
        }

        @Override
        public Path pluginConfigFile(String pluginId) {
            return dir.resolve("plugins/" + pluginId + "/config/plugin.yaml");
        }

        @Override
        public Path resolve(String path) {
            Path p = Path.of(path);
            return p.isAbsolute() ? p : dir.resolve(p).normalize();
        }

        @Override
        public Object readYaml(Path file) throws IOException {
            if (!Files.exists(file)) {
                return null;
            }
            try (InputStream in = Files.newInputStream(file)) {
                return new Yaml().load(in);
            } catch (YAMLException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
        }
    }

    /** The core's atomic writer, restricted to one folder. */
    static final class Writer implements ConfigWriter {
        final Path dir;
        final AtomicInteger writes = new AtomicInteger();

        Writer(Path dir) {
            this.dir = dir.toAbsolutePath().normalize();
        }

        @Override
        public synchronized void write(Path file, String content) throws IOException {
            if (!isInConfigTree(file)) {
                throw new IllegalArgumentException("outside the configuration tree: " + file);
            }
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            writes.incrementAndGet();
        }

        @Override
        public boolean isInConfigTree(Path file) {
            return file.toAbsolutePath().normalize().startsWith(dir);
        }

        @Override
        public void writeYaml(Path file, Object document, String header) throws IOException {
            DumperOptions o = new DumperOptions();
            o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            write(file, (header == null ? "" : "# " + header + "\n\n") + new Yaml(o).dump(document));
        }
    }

    /** A snapshot service whose snapshot tests swap. */
    static final class Snapshots implements SnapshotService {
        volatile Snapshot current;
        volatile RuntimeException failure;

        Snapshots(Snapshot s) {
            current = s;
        }

        @Override
        public Snapshot current() {
            if (failure != null) {
                throw failure;
            }
            return current;
        }

        @Override
        public Optional<LoadError> lastError() {
            return Optional.empty();
        }
    }

    /** A snapshot with a loaded app config and this topology and metrics library. */
    static Snapshot snapshot(long generation, Topology topology, Catalog catalog, List<MetricDefinition> library) {
        AppConfig app = new AppConfig(null, null, null, null, null, null, null, null, null, null, null, null, null);
        return new Snapshot(generation, Instant.now(), app, Path.of("app.yaml"), topology, catalog, List.of(), library,
                TopologyIndex.EMPTY, List.of());
    }

    // --- servlet container ----------------------------------------------------------------------------

    /** What a fake response received. */
    static final class Response {
        int status = 200;
        String contentType;
        long contentLength = -1;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }

        JsonNode json() throws IOException {
            return Json.mapper().readTree(body.toByteArray());
        }

        String detail() throws IOException {
            return json().get("detail").asText();
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T fake(Class<T> type, java.util.function.BiFunction<String, Object[], Object> answer) {
        return (T) Proxy.newProxyInstance(Fakes.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> type.getSimpleName() + " fake";
                    default -> answer.apply(method.getName(), args == null ? new Object[0] : args);
                });
    }

    static void init(HttpServlet servlet) throws Exception {
        ServletContext context = fake(ServletContext.class, (n, a) -> null);
        servlet.init(fake(ServletConfig.class, (n, a) -> switch (n) {
            case "getServletContext" -> context;
            case "getServletName" -> servlet.getClass().getSimpleName();
            case "getInitParameterNames" -> java.util.Collections.emptyEnumeration();
            default -> null;
        }));
    }

    /** Sends one request to {@code servlet}, mounted at {@code prefix} (for example {@code /api/simulator}). */
    static Response call(HttpServlet servlet, String prefix, String method, String pathInfo, String body,
                         Map<String, String> headers) throws Exception {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        ServletInputStream sin = new ServletInputStream() {
            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener l) {
            }

            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, len);
            }
        };
        HttpServletRequest req = fake(HttpServletRequest.class, (n, a) -> switch (n) {
            case "getMethod" -> method;
            case "getPathInfo" -> pathInfo;
            case "getServletPath" -> prefix;
            case "getRequestURI" -> prefix + (pathInfo == null ? "" : pathInfo);
            case "getContextPath" -> "";
            case "getScheme" -> "http";
            case "getServerName" -> "rack.example";
            case "getServerPort" -> 8080;
            case "getInputStream" -> sin;
            case "getContentLengthLong" -> (long) bytes.length;
            case "getContentLength" -> bytes.length;
            case "getContentType" -> "application/json";
            case "getHeader" -> headers.get((String) a[0]);
            case "getHeaders" -> java.util.Collections.enumeration(headers.containsKey((String) a[0])
                    ? List.of(headers.get((String) a[0])) : List.of());
            case "getHeaderNames" -> java.util.Collections.enumeration(new ArrayList<>(headers.keySet()));
            case "getProtocol" -> "HTTP/1.1";
            case "getDateHeader", "getIntHeader" -> -1;
            default -> null;
        });
        Response out = new Response();
        ServletOutputStream sout = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener l) {
            }

            @Override
            public void write(int b) {
                out.body.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                out.body.write(b, off, len);
            }
        };
        HttpServletResponse resp = fake(HttpServletResponse.class, (n, a) -> {
            switch (n) {
                case "setStatus" -> out.status = (Integer) a[0];
                case "setContentType" -> out.contentType = (String) a[0];
                case "setContentLength" -> out.contentLength = (Integer) a[0];
                case "setContentLengthLong" -> out.contentLength = (Long) a[0];
                case "setHeader", "addHeader" -> out.headers.put((String) a[0], (String) a[1]);
                case "getHeader" -> {
                    return out.headers.get((String) a[0]);
                }
                case "getOutputStream" -> {
                    return sout;
                }
                case "isCommitted", "containsHeader" -> {
                    return false;
                }
                case "getCharacterEncoding" -> {
                    return "UTF-8";
                }
                default -> {
                }
            }
            return null;
        });
        servlet.service(req, resp);
        return out;
    }
}
