package dev.rackscope.core.runtime;

import java.util.Arrays;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs where the HTTP server listens, once it does. */
@Component(immediate = true)
public final class EndpointAnnouncer {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointAnnouncer.class);

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRuntime(HttpServiceRuntime runtime, Map<String, Object> props) {
        Object endpoint = props.get("osgi.http.endpoint");
        String where = endpoint instanceof String[] a ? String.join(", ", Arrays.asList(a)) : String.valueOf(endpoint);
        LOG.info("Rackscope listening on {} (API under /api, web console under /system/console)", where);
    }

    void removeRuntime(HttpServiceRuntime runtime) {
        LOG.info("HTTP runtime stopped");
    }
}
