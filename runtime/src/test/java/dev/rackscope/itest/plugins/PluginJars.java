package dev.rackscope.itest.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds plugin bundles from the test's own classes: manifest, DS descriptor, class files. */
public final class PluginJars {

    private PluginJars() {
    }

    /** The third plugin: plugin, menu and servlet under {@code /api/third/*}. */
    public static void third(Path jar, String version) throws IOException {
        build(jar, "dev.rackscope.itest.third", version, "third", ThirdPlugin.class, """
                <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.4.0" name="dev.rackscope.itest.third"
                    configuration-policy="require" configuration-pid="dev.rackscope.plugin.third">
                  <implementation class="dev.rackscope.itest.plugins.ThirdPlugin"/>
                  <service>
                    <provide interface="dev.rackscope.api.plugin.RackscopePlugin"/>
                    <provide interface="dev.rackscope.api.plugin.MenuContributor"/>
                    <provide interface="jakarta.servlet.Servlet"/>
                  </service>
                  <property name="osgi.http.whiteboard.servlet.pattern" type="String" value="/api/third/*"/>
                </scr:component>
                """);
    }

    /** A plugin whose constructor throws. */
    public static void broken(Path jar) throws IOException {
        build(jar, "dev.rackscope.itest.broken", "1.0.0", "broken", BrokenPlugin.class, """
                <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.4.0" name="dev.rackscope.itest.broken"
                    configuration-policy="require" configuration-pid="dev.rackscope.plugin.broken">
                  <implementation class="dev.rackscope.itest.plugins.BrokenPlugin"/>
                  <service><provide interface="dev.rackscope.api.plugin.RackscopePlugin"/></service>
                </scr:component>
                """);
    }

    private static void build(Path jar, String bsn, String version, String pluginId, Class<?> type,
                              String component) throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", bsn);
        a.putValue("Bundle-Version", version);
        a.putValue("Rackscope-Plugin", pluginId);
        a.putValue("Service-Component", "OSGI-INF/component.xml");
        a.putValue("Import-Package", "dev.rackscope.api.plugin;version=\"[1.0,2)\","
                + "dev.rackscope.api.http;version=\"[1.0,2)\",jakarta.servlet;version=\"[5.0,7)\","
                + "jakarta.servlet.http;version=\"[5.0,7)\"");
        Path tmp = jar.resolveSibling(jar.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jos = new JarOutputStream(out, mf)) {
            jos.putNextEntry(new JarEntry("OSGI-INF/component.xml"));
            jos.write(component.getBytes(StandardCharsets.UTF_8));
            jos.closeEntry();
            String path = type.getName().replace('.', '/') + ".class";
            jos.putNextEntry(new JarEntry(path));
            try (InputStream in = type.getClassLoader().getResourceAsStream(path)) {
                in.transferTo(jos);
            }
            jos.closeEntry();
        }
        Files.move(tmp, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
