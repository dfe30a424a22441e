"""moviebot core: pipeline, stores and catalog. Nothing in here imports discord."""
