# Build: the SDK image restores and publishes the CLI (assembly name "assistant").
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props Assistant.sln ./
COPY src/Assistant.Core/Assistant.Core.csproj src/Assistant.Core/
COPY src/Assistant.Cli/Assistant.Cli.csproj src/Assistant.Cli/
RUN dotnet restore src/Assistant.Cli/Assistant.Cli.csproj
COPY src/ src/
RUN dotnet publish src/Assistant.Cli/Assistant.Cli.csproj -c Release --no-restore -o /app

# Run: the .NET runtime plus poppler-utils (pdftotext) for PDF extraction.
FROM mcr.microsoft.com/dotnet/runtime:10.0 AS final
RUN apt-get update \
    && apt-get install -y --no-install-recommends poppler-utils \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
ENTRYPOINT ["dotnet", "assistant.dll"]
