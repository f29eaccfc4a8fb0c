package io.feedbackpipeline.localstack.process;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * A command line that runs a main class of this JVM's own classpath in a new JVM: directly from a plain classpath,
 * or through Spring Boot's PropertiesLauncher when this JVM runs from an executable (nested) jar.
 */
public final class JavaMain {

    private JavaMain() {}

    public static List<String> command(String mainClass, List<String> jvmOptions, List<String> arguments) {
        String classpath = System.getProperty("java.class.path");
        if (!isExecutableJar(classpath)) {
            return ManagedProcess.Spec.javaMain(classpath, mainClass, jvmOptions, arguments);
        }
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-Dloader.main=" + mainClass);
        return ManagedProcess.Spec.javaMain(
                classpath, "org.springframework.boot.loader.launch.PropertiesLauncher", options, arguments);
    }

    private static boolean isExecutableJar(String classpath) {
        if (classpath.contains(File.pathSeparator) || !classpath.endsWith(".jar")) {
            return false;
        }
        try (JarFile jar = new JarFile(classpath)) {
            return jar.getEntry("BOOT-INF/lib/") != null
                    || jar.stream().anyMatch(e -> e.getName().startsWith("BOOT-INF/"));
        } catch (IOException e) {
            return false;
        }
    }
}
