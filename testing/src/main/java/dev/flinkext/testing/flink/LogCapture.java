package dev.flinkext.testing.flink;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Collects what one class logs (say, a split reader about resuming splits) while open: tests assert
 * on it.
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {
    public final List<String> messages = new CopyOnWriteArrayList<>();
    private final String loggerName;
    private final LoggerConfig root;

    public LogCapture(Class<?> logger) {
        this(logger.getName());
    }

    /** For a logger by name (e.g. of a class that is not public). */
    public LogCapture(String loggerName) {
        super("flinkext-log-capture", null, null, true, Property.EMPTY_ARRAY);
        this.loggerName = loggerName;
        start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        root = context.getConfiguration().getRootLogger();
        root.addAppender(this, Level.INFO, null);
        context.updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
        if (loggerName.equals(event.getLoggerName())) {
            messages.add(event.getMessage().getFormattedMessage());
        }
    }

    @Override
    public void close() {
        root.removeAppender(getName());
        ((LoggerContext) LogManager.getContext(false)).updateLoggers();
        stop();
    }
}
