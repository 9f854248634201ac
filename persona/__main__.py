"""``python -m persona``: the same entry point as the ``persona`` script."""

from persona.cli import main

if __name__ == "__main__":
    main()
