"""The bundled demo news site, served on 127.0.0.1 for make run, the tests and the benchmark."""
