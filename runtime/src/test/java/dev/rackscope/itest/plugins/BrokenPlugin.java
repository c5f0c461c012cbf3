package dev.rackscope.itest.plugins;

import dev.rackscope.api.plugin.RackscopePlugin;

/** A plugin whose activation throws: it must be reported and must not harm anything else. */
public class BrokenPlugin implements RackscopePlugin {

    public BrokenPlugin() {
        throw new IllegalStateException("broken on purpose");
    }

    @Override
    public String id() {
        return "broken";
    }

    @Override
    public String name() {
        return "Broken";
    }

    @Override
    public String version() {
        return "0.0.1";
    }

    @Override
    public String description() {
        return "Throws on activation";
    }

    @Override
    public String author() {
        return "IT";
    }
}
