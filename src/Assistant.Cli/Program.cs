using System.Text;
using Assistant.Cli;
using Assistant.Cli.Commands;
using Assistant.Cli.Output;

Console.OutputEncoding = Encoding.UTF8;
ConsoleSetup.ForRedirectedOutput();

var root = new System.CommandLine.RootCommand("Assistant: index your documents and ask questions about them, with citations.");
GlobalOptions.AddTo(root);
root.Subcommands.Add(IngestCommand.Create());
root.Subcommands.Add(SearchCommand.Create());
root.Subcommands.Add(AskCommand.Create());
root.Subcommands.Add(ChatCommand.Create());
root.Subcommands.Add(SessionsCommand.Create());
root.Subcommands.Add(DocsCommand.Create());
root.Subcommands.Add(ReindexCommand.Create());
root.Subcommands.Add(ModelsCommand.Create());
root.Subcommands.Add(SentimentCommand.Create());
root.Subcommands.Add(SummarizeCommand.Create());
root.Subcommands.Add(TranslateCommand.Create());
root.Subcommands.Add(ReviewCommand.Create());
root.Subcommands.Add(McpCommand.Create());
root.Subcommands.Add(BenchStoreCommand.Create());
root.Subcommands.Add(BenchHostileCommand.Create());
root.Subcommands.Add(BenchServerCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(KeysCommand.Create());

return await CliRunner.RunAsync(root, args);
