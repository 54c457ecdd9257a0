"""``python -m incidex`` runs the command line."""

from incidex.cli import main

main()
