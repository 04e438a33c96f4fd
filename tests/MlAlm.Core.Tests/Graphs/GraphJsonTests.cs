using System.Collections.Generic;
using System.Linq;
using MlAlm.Core.Graphs;
using Xunit;

namespace MlAlm.Core.Tests.Graphs
{
    public class GraphJsonTests
    {
        private const string Sample = @"{
  ""schemaVersion"": 1,
  ""name"": ""churn"",
  ""description"": ""Predicts churn"",
  ""nodes"": [
    { ""id"": ""split"", ""module"": ""SplitData"", ""parameters"": { ""seed"": 7, ""fraction"": 0.8 } },
    { ""id"": ""data"", ""module"": ""Dataset"", ""parameters"": { ""dataset"": { ""type"": ""dataset"", ""name"": ""churn"", ""version"": 2 } }, ""comment"": ""raw"" },
    { ""id"": ""train"", ""module"": ""TrainModel"", ""parameters"": { ""learner"": ""LogisticRegression"", ""labelColumn"": ""churned"", ""featureColumns"": [""age"", ""plan""] } }
  ],
  ""edges"": [
    { ""from"": ""split.output1"", ""to"": ""train.data"" },
    { ""from"": ""data.output"", ""to"": ""split.input"" }
  ]
}";

        private static GraphDocument Parse(string json)
        {
            var problems = new List<GraphProblem>();
            var doc = GraphJson.Read(json, problems);
            Assert.Empty(problems);
            Assert.Empty(GraphValidator.Validate(doc.Graph, null));
            return doc;
        }

        [Fact]
        public void Write_is_sorted_LF_terminated_and_stable_across_round_trips()
        {
            var first = GraphJson.Write(Parse(Sample));
            Assert.DoesNotContain("\r", first);
            Assert.EndsWith("}\n", first);
            var second = GraphJson.Write(Parse(first));
            Assert.Equal(first, second);
            // nodes by id, parameters by name, edges by target
            Assert.True(first.IndexOf("\"id\": \"data\"") < first.IndexOf("\"id\": \"split\""));
            Assert.True(first.IndexOf("\"fraction\"") < first.IndexOf("\"seed\""));
            Assert.True(first.IndexOf("\"to\": \"split.input\"") < first.IndexOf("\"to\": \"train.data\""));
        }

        [Fact]
        public void Insertion_order_does_not_change_the_bytes()
        {
            var doc = Parse(Sample);
            var reversed = new ExperimentGraph();
            reversed.Nodes.AddRange(Enumerable.Reverse(doc.Graph.Nodes));
            reversed.Edges.AddRange(Enumerable.Reverse(doc.Graph.Edges));
            Assert.Equal(GraphJson.Write(doc), GraphJson.Write(new GraphDocument(doc.Name, doc.Description, reversed)));
        }

        [Fact]
        public void Numbers_keep_their_kind()
        {
            var text = GraphJson.Write(Parse(Sample));
            Assert.Contains("\"seed\": 7", text);
            Assert.Contains("\"fraction\": 0.8", text);
        }

        [Fact]
        public void Malformed_json_is_reported_with_its_line()
        {
            var problems = new List<GraphProblem>();
            GraphJson.Read("{\n  \"schemaVersion\": 1,\n  \"nodes\": [ { \"id\": \"a\" \n }", problems);
            var problem = Assert.Single(problems);
            Assert.Equal("InvalidJson", problem.Code);
            Assert.StartsWith("line ", problem.Location);
        }

        [Fact]
        public void Structural_problems_are_all_reported()
        {
            var problems = new List<GraphProblem>();
            GraphJson.Read(@"{ ""schemaVersion"": 2, ""nodes"": [ { ""module"": ""Dataset"" }, 5, { ""id"": ""x"", ""module"": ""Dataset"", ""colour"": ""red"" } ],
                               ""edges"": [ { ""from"": ""nodot"", ""to"": ""x.input"" } ], ""extra"": true }", problems);
            var codes = problems.Select(p => p.Code).ToList();
            Assert.Contains("SchemaVersion", codes);
            Assert.Contains("InvalidEdge", codes);
            Assert.True(codes.Count(c => c == "InvalidStructure") >= 4, string.Join("\n", problems)); // missing id, 5, colour, extra
        }
    }
}
