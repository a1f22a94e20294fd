"""Build the native extensions; every other setting lives in pyproject.toml."""

from setuptools import Extension, setup

FLAGS = ["-O3", "-std=gnu11", "-Wall", "-Wextra"]

setup(
    ext_modules=[
        Extension(
            "suffrage.crypto._backend._native",
            sources=["src/suffrage/crypto/_backend/_native.c"],
            extra_compile_args=FLAGS,
        ),
        Extension(
            "suffrage.rules.io._lines",
            sources=["src/suffrage/rules/io/_lines.c"],
            extra_compile_args=FLAGS,
        ),
    ]
)
