from profilegen.cli import entry

entry()
