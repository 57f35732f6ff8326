"""Running rules: the registry, configuration, the per-rule context and the runner."""
