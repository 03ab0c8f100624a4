using Assistant.Server;

// The support-bot server: `dotnet run --project src/Assistant.Server` (or `assistant serve`), loopback port 8080 by default.
var app = ServerApp.Build(args);
await app.RunAsync();
