package dev.rackscope.logging.provider;

import java.io.PrintStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

import dev.rackscope.logging.LogBuffer;

final class RackscopeLoggerFactory implements ILoggerFactory {

    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final LevelConfig levels;
    private final LogBuffer buffer;
    private final PrintStream console;

    RackscopeLoggerFactory(LevelConfig levels, LogBuffer buffer, PrintStream console) {
        this.levels = levels;
        this.buffer = buffer;
        this.console = console;
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new RackscopeLogger(n, levels.levelFor(n), buffer, console));
    }
}
