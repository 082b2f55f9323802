"""Knowledge: the schema (frozen dataclasses), loading and checking the YAML files, the engine cache."""
