from profilegen.cli import main

raise SystemExit(main())
