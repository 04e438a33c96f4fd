using System.Collections.Generic;
using System.Linq;
using MlAlm.Core.Graphs;
using Xunit;

namespace MlAlm.Core.Tests.Graphs
{
    public class GraphValidatorTests
    {
        private sealed class KnownAssets : IAssetVersionLookup
        {
            public bool Exists(AssetReference reference) => reference.Name == "churn" && reference.Version <= 2;
        }

        private static (ExperimentGraph Graph, List<GraphProblem> Problems) Validate(string json)
        {
            var problems = new List<GraphProblem>();
            var doc = GraphJson.Read(json, problems);
            Assert.Empty(problems);
            return (doc.Graph, GraphValidator.Validate(doc.Graph, new KnownAssets()).ToList());
        }

        [Fact]
        public void Every_kind_of_problem_is_reported_at_once()
        {
            var (_, problems) = Validate(@"{ ""schemaVersion"": 1, ""nodes"": [
                { ""id"": ""data"", ""module"": ""Dataset"", ""parameters"": { ""dataset"": { ""type"": ""dataset"", ""name"": ""churn"", ""version"": 9 } } },
                { ""id"": ""mystery"", ""module"": ""Teleport"" },
                { ""id"": ""split"", ""module"": ""SplitData"", ""parameters"": { ""fraction"": 1.5, ""colour"": ""red"", ""seed"": ""x"" } },
                { ""id"": ""train"", ""module"": ""TrainModel"", ""parameters"": { ""learner"": ""Magic"" } },
                { ""id"": ""a"", ""module"": ""SelectColumns"", ""parameters"": { ""columns"": [""x""] } },
                { ""id"": ""b"", ""module"": ""SelectColumns"", ""parameters"": { ""columns"": [""x""] } },
                { ""id"": ""score"", ""module"": ""ScoreModel"" }
              ], ""edges"": [
                { ""from"": ""data.output"", ""to"": ""split.input"" },
                { ""from"": ""ghost.output"", ""to"": ""train.data"" },
                { ""from"": ""split.output1"", ""to"": ""score.model"" },
                { ""from"": ""a.output"", ""to"": ""b.input"" },
                { ""from"": ""b.output"", ""to"": ""a.input"" }
              ] }");
            var codes = problems.Select(p => p.Code).ToList();
            Assert.Contains("MissingAsset", codes);
            Assert.Contains("UnknownModule", codes);
            Assert.Contains("InvalidParameterValue", codes); // fraction out of range, seed not a number, learner not a choice
            Assert.Contains("UnknownParameter", codes);
            Assert.Contains("MissingParameter", codes); // train needs labelColumn
            Assert.Contains("UnknownNode", codes);
            Assert.Contains("PortTypeMismatch", codes);
            Assert.Contains("Cycle", codes);
            Assert.Equal(3, codes.Count(c => c == "InvalidParameterValue"));
            Assert.Contains(problems, p => p.Message.Contains("'a'") && p.Code == "Cycle");
        }

        [Fact]
        public void A_valid_graph_passes_and_parameters_are_normalized()
        {
            var (graph, problems) = Validate(@"{ ""schemaVersion"": 1, ""nodes"": [
                { ""id"": ""data"", ""module"": ""dataset"", ""parameters"": { ""Dataset"": { ""type"": ""dataset"", ""name"": ""churn"", ""version"": 2 } } },
                { ""id"": ""split"", ""module"": ""SplitData"", ""parameters"": { ""fraction"": 0.5, ""stratifycolumn"": ""label"" } },
                { ""id"": ""train"", ""module"": ""TrainModel"", ""parameters"": { ""learner"": ""logisticregression"", ""labelColumn"": ""label"", ""learningRate"": 1 } }
              ], ""edges"": [ { ""from"": ""data.output"", ""to"": ""split.input"" }, { ""from"": ""split.output1"", ""to"": ""train.data"" } ] }");
            Assert.Empty(problems);
            var split = graph.FindNode("split")!;
            Assert.Equal("SplitData", split.Module);
            Assert.Equal("Dataset", graph.FindNode("data")!.Module);
            var train = graph.FindNode("train")!;
            Assert.Equal(1.0, Assert.IsType<double>(train.Parameters["learningRate"]));
            Assert.Equal("LogisticRegression", train.Parameters["learner"]);
            Assert.True(split.Parameters.ContainsKey("stratifyColumn"));
            Assert.IsType<AssetReference>(graph.FindNode("data")!.Parameters["dataset"]);
        }

        [Fact]
        public void A_fraction_of_one_is_out_of_range()
        {
            var (_, problems) = Validate(@"{ ""schemaVersion"": 1, ""nodes"": [ { ""id"": ""s"", ""module"": ""SplitData"", ""parameters"": { ""fraction"": 1 } } ], ""edges"": [] }");
            Assert.Contains(problems, p => p.Code == "InvalidParameterValue" && p.Message.Contains("strictly between"));
        }

        [Fact]
        public void An_input_fed_twice_and_an_edge_ending_at_an_output_are_refused()
        {
            var (_, problems) = Validate(@"{ ""schemaVersion"": 1, ""nodes"": [
                { ""id"": ""a"", ""module"": ""WebServiceInput"" }, { ""id"": ""b"", ""module"": ""WebServiceInput"" }, { ""id"": ""c"", ""module"": ""WebServiceOutput"" }
              ], ""edges"": [ { ""from"": ""a.output"", ""to"": ""c.input"" }, { ""from"": ""b.output"", ""to"": ""c.input"" }, { ""from"": ""a.output"", ""to"": ""b.output"" } ] }");
            Assert.Contains(problems, p => p.Code == "InputAlreadyConnected");
            Assert.Contains(problems, p => p.Code == "UnknownPort" && p.Message.Contains("output of"));
        }

        [Fact]
        public void Cross_parameter_rules_apply()
        {
            var (_, problems) = Validate(@"{ ""schemaVersion"": 1, ""nodes"": [
                { ""id"": ""clean"", ""module"": ""CleanMissingData"", ""parameters"": { ""method"": ""Constant"" } },
                { ""id"": ""t"", ""module"": ""TrainModel"", ""parameters"": { ""learner"": ""LogisticRegression"", ""task"": ""Regression"", ""labelColumn"": ""y"" } }
              ], ""edges"": [] }");
            Assert.Equal(2, problems.Count(p => p.Code == "InvalidParameterValue"));
        }

        [Fact]
        public void Unconnected_required_inputs_are_found_before_a_run()
        {
            var (graph, problems) = Validate(@"{ ""schemaVersion"": 1, ""nodes"": [ { ""id"": ""score"", ""module"": ""ScoreModel"" }, { ""id"": ""in"", ""module"": ""WebServiceInput"" } ], ""edges"": [] }");
            Assert.Empty(problems);
            var unconnected = GraphValidator.FindUnconnectedInputs(graph);
            Assert.Equal(2, unconnected.Count); // score.model and score.data; WebServiceInput.input is optional
        }
    }
}
