import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

/**
 * Fails the installers build when a jar going into a package needs a JDK module that its
 * trimmed runtime would lack. The module lists live in installers/pom.xml; a new library (or new
 * code) that needs, say, java.net.http would otherwise build fine and fail only on a customer's
 * machine, with NoClassDefFoundError, on the code path that uses it.
 *
 * <pre>java CheckModules.java NAME JAR_DIR INCLUDED_MODULES LEFT_OUT_ON_PURPOSE</pre>
 *
 * Both lists are comma-separated. "Left out on purpose" names modules jdeps reports that the
 * program never reaches (optional features of a library); each is a decision written in the pom.
 */
public class CheckModules {

    private static final Pattern DEPENDENCY = Pattern.compile("^(\\S+)\\s+->\\s+((?:java|jdk)\\.[\\w.]+)\\s*$");

    public static void main(String[] args) throws Exception {
        String name = args[0];
        Path jars = Path.of(args[1]);
        Set<String> included = withRequires(split(args[2]));
        Set<String> leftOut = split(args.length > 3 ? args[3] : "");
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new IllegalStateException("no jdeps in this JDK"));

        var missing = new TreeMap<String, Set<String>>();
        List<Path> files;
        try (var list = Files.list(jars)) {
            files = list.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        Path scratch = Files.createTempDirectory("check-modules");
        for (Path jar : files) {
            var out = new StringWriter();
            Path plain = withoutModuleInfo(jar, scratch.resolve(jar.getFileName()));
            // -s: one line per module a jar needs; --ignore-missing-deps: other jars are not our question here.
            jdeps.run(new PrintWriter(out), new PrintWriter(new StringWriter()),
                    "-s", "--multi-release", String.valueOf(Runtime.version().feature()), "--ignore-missing-deps", plain.toString());
            for (String line : out.toString().split("\\R")) {
                var m = DEPENDENCY.matcher(line.strip());
                if (m.matches() && !included.contains(m.group(2)) && !leftOut.contains(m.group(2))) {
                    missing.computeIfAbsent(m.group(2), k -> new TreeSet<>()).add(jar.getFileName().toString());
                }
            }
        }
        if (!missing.isEmpty()) {
            System.err.println("The " + name + "'s runtime lacks JDK modules its jars need:");
            missing.forEach((module, users) -> System.err.println("  " + module + " (needed by " + String.join(", ", users) + ")"));
            System.err.println("Add them to " + name + ".modules in installers/pom.xml, or to " + name
                    + ".modules.left-out if the program never uses that part of the library.");
            System.exit(1);
        }
        System.out.println("The " + name + "'s runtime has every JDK module its " + files.size() + " jars need.");
    }

    /**
     * A copy of the jar without module-info.class: jdeps reports a modular jar's declared
     * requires, and a shaded jar (the agent's) declares only those of whichever library's
     * module-info landed in it; without it, jdeps reports what the classes really use.
     */
    private static Path withoutModuleInfo(Path jar, Path copy) throws Exception {
        try (var in = new java.util.zip.ZipFile(jar.toFile());
             var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(copy))) {
            for (var entries = in.entries(); entries.hasMoreElements(); ) {
                var entry = entries.nextElement();
                if (entry.getName().endsWith("module-info.class")) {
                    continue;
                }
                out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                try (var data = in.getInputStream(entry)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return copy;
    }

    /** jlink adds what the named modules require (java.sql brings java.transaction.xa), so count it too. */
    private static Set<String> withRequires(Set<String> modules) {
        var all = new TreeSet<String>();
        var todo = new java.util.ArrayDeque<>(modules);
        var system = java.lang.module.ModuleFinder.ofSystem();
        while (!todo.isEmpty()) {
            String module = todo.pop();
            if (all.add(module)) {
                system.find(module).ifPresent(ref -> ref.descriptor().requires().stream()
                        .filter(r -> !r.modifiers().contains(java.lang.module.ModuleDescriptor.Requires.Modifier.STATIC))
                        .forEach(r -> todo.push(r.name())));
            }
        }
        return all;
    }

    private static Set<String> split(String list) {
        return new TreeSet<>(Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList());
    }
}
