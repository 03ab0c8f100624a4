# Build: the SDK image restores and publishes the CLI (assembly name "assistant").
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props Assistant.sln ./
COPY src/Assistant.Core/Assistant.Core.csproj src/Assistant.Core/
COPY src/Assistant.Cli/Assistant.Cli.csproj src/Assistant.Cli/
COPY src/Assistant.Mcp/Assistant.Mcp.csproj src/Assistant.Mcp/
COPY plugins/Assistant.Plugins/Assistant.Plugins.csproj plugins/Assistant.Plugins/
RUN dotnet restore src/Assistant.Cli/Assistant.Cli.csproj
COPY src/ src/
COPY plugins/ plugins/
COPY prompts/ prompts/
RUN dotnet publish src/Assistant.Cli/Assistant.Cli.csproj -c Release --no-restore -o /app

# Run: the ASP.NET Core runtime (`assistant mcp --http` serves Streamable HTTP on Kestrel); PDFs are read in process
# by PdfPig, so no system packages are needed.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app ./
ENTRYPOINT ["dotnet", "assistant.dll"]
