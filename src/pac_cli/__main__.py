from pac_cli.cli import main

main()
