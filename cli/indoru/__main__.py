"""``python -m indoru``."""

from indoru.app import main

main()
