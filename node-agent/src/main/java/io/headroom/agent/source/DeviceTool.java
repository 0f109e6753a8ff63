package io.headroom.agent.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A vendor's command-line tool the agent runs (nvidia-smi, rocm-smi): its name in every log
 * line, where it is, and the setting that says where, for the message when it is not there.
 *
 * @param pathSetting the agent.yaml key of the path, e.g. {@code sources.nvidia_smi.path}
 */
public record DeviceTool(String name, Path executable, String pathSetting) {

    /** Fails, naming the tool, the path and the setting, when the tool cannot be run at all. */
    public void requireExecutable() throws SourceException {
        if (!Files.isExecutable(executable)) {
            throw new SourceException(name + ": " + executable
                    + (Files.exists(executable)
                            ? " is not executable"
                            : " does not exist; set " + pathSetting + " to where " + name + " is"));
        }
    }

    /** The tool with these arguments, as a command line for a process. */
    public List<String> command(String... arguments) {
        List<String> command = new ArrayList<>(arguments.length + 1);
        command.add(executable.toString());
        command.addAll(List.of(arguments));
        return command;
    }

    /** Runs it once and returns what it printed; killed (and an IOException) past {@code timeout}. */
    public String run(Duration timeout, String... arguments) throws IOException {
        return OneShotCommand.run(command(arguments), timeout);
    }
}
