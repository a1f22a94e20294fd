"""Build the native verification extension; every other setting lives in pyproject.toml."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "suffrage.crypto._backend._native",
            sources=["src/suffrage/crypto/_backend/_native.c"],
            extra_compile_args=["-O3", "-std=gnu11", "-Wall", "-Wextra"],
        )
    ]
)
