# Build: the SDK image restores and publishes the CLI (assembly name "assistant"), which includes the server.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props Assistant.sln ./
COPY src/Assistant.Core/Assistant.Core.csproj src/Assistant.Core/
COPY src/Assistant.Server/Assistant.Server.csproj src/Assistant.Server/
COPY src/Assistant.Cli/Assistant.Cli.csproj src/Assistant.Cli/
COPY src/Assistant.Mcp/Assistant.Mcp.csproj src/Assistant.Mcp/
COPY plugins/Assistant.Plugins/Assistant.Plugins.csproj plugins/Assistant.Plugins/
RUN dotnet restore src/Assistant.Cli/Assistant.Cli.csproj
COPY src/ src/
COPY plugins/ plugins/
COPY prompts/ prompts/
COPY appsettings.json ./
RUN dotnet publish src/Assistant.Cli/Assistant.Cli.csproj -c Release --no-restore -o /app

# Run: the ASP.NET Core runtime (the CLI hosts the server, `assistant serve`, and `assistant mcp --http` on Kestrel).
# PDFs are read in process by PdfPig; no system packages needed. The health check uses bash's /dev/tcp, so no curl either.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app ./
# The index, uploads and ingest lock live in /data/index (a volume); the app runs as the image's non-root user.
RUN mkdir -p /data/index && chown "$APP_UID" /data/index
USER $APP_UID
EXPOSE 8080
ENTRYPOINT ["dotnet", "assistant.dll"]
