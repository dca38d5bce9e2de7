package dev.edgetl.devices.profiles;

/**
 * The runtime that edgetl deploys to the device: a JVM (name and the command that starts it on the device) or,
 * on Android, the app process. {@code javaCommand} is split on spaces into arguments.
 */
public record DeployRuntime(String name, String javaCommand, String source) {}
