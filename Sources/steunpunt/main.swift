import SteunpuntCLI

await Steunpunt.runAsync()
