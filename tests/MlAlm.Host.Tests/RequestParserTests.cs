using System;
using System.Linq;
using System.Text;
using System.Threading;
using MlAlm.Core.Models;
using MlAlm.Core.Storage;
using MlAlm.Core.WebServices;
using MlAlm.Host.Endpoints;
using MlAlm.Host.Http;
using MlAlm.Host.Scoring;
using MlAlm.Learning.Data;
using MlAlm.Learning.Models;
using MlAlm.Learning.Scoring;
using Xunit;

namespace MlAlm.Host.Tests
{
    /// <summary>The request parser on a schema with every column type (the template services have only numbers).</summary>
    public class RequestParserTests
    {
        private static readonly Lazy<CompiledEndpoint> Endpoint = new Lazy<CompiledEndpoint>(Compile);

        private static CompiledEndpoint Compile()
        {
            int n = 200;
            var random = new Random(5);
            var num = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
            var flag = Enumerable.Range(0, n).Select(i => (bool?)(i % 3 == 0)).ToArray();
            var when = Enumerable.Range(0, n).Select(i => (DateTime?)new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(i * 7)).ToArray();
            var cat = Enumerable.Range(0, n).Select(i => (string?)("c" + (i % 4))).ToArray();
            var label = Enumerable.Range(0, n).Select(i => num[i] + (flag[i]!.Value ? 0.5 : 0) + (cat[i] == "c1" ? 0.3 : 0) > 0.8 ? 1.0 : 0.0).ToArray();
            var table = new DataTable(new NumberColumn("num", num), new BooleanColumn("flag", flag), new DateTimeColumn("when", when),
                new StringColumn("cat", cat), new NumberColumn("label", label));
            var model = Trainer.Train(table, new TrainingSpec(Learners.LogisticRegression, "label"), CancellationToken.None);
            var pipeline = new ScoringPipeline(Array.Empty<MlAlm.Learning.Transforms.TableTransform>(), model);
            var service = new WebServiceDocument
            {
                Name = "mixed",
                InputSchema = pipeline.InputColumns.Select(c => new ColumnDocument { Name = c.Name, Type = c.Type.ToString() }).ToList(),
            };
            var endpoint = new EndpointDocument { Service = "mixed", Name = "default", PrimaryKey = "p", SecondaryKey = "s", MaxConcurrentCalls = 1, Revision = 1 };
            return new CompiledEndpoint("services/mixed/endpoints/default", new ETag("1"), new ETag("1"), service, endpoint, pipeline, "x", new ConcurrencyLimit(1));
        }

        private static DataTable Parse(string json, out RequestForm form) => new RequestParser().Parse(Encoding.UTF8.GetBytes(json), Endpoint.Value, out form);

        [Fact]
        public void Every_type_is_read_from_its_json_form_and_null_is_missing()
        {
            Assert.Equal(new[] { "num", "flag", "when", "cat" }.OrderBy(x => x), Endpoint.Value.Inputs.Select(c => c.Name).OrderBy(x => x));
            var table = Parse("[{\"num\":1.5,\"flag\":true,\"when\":\"2024-05-01T13:45:00Z\",\"cat\":\"c1\"}," +
                "{\"NUM\":null,\"flag\":null,\"when\":\"2024-05-01T15:45:00+02:00\",\"cat\":null,\"extra\":[1,{\"x\":2}]}]", out var form);
            Assert.Equal(RequestForm.Records, form);
            Assert.Equal(2, table.RowCount);
            Assert.Equal(1.5, ((NumberColumn)table["num"])[0]);
            Assert.True(table["num"].IsMissing(1));
            Assert.True(((BooleanColumn)table["flag"]).GetBoolean(0));
            Assert.True(table["flag"].IsMissing(1));
            Assert.Equal(new DateTime(2024, 5, 1, 13, 45, 0, DateTimeKind.Utc), ((DateTimeColumn)table["when"]).GetDateTime(0));
            Assert.Equal(new DateTime(2024, 5, 1, 13, 45, 0, DateTimeKind.Utc), ((DateTimeColumn)table["when"]).GetDateTime(1));
            Assert.Equal("c1", ((StringColumn)table["cat"])[0]);
            Assert.Null(((StringColumn)table["cat"])[1]);
            Assert.Equal(2, Endpoint.Value.Pipeline.Score(table).RowCount);

            var classic = Parse("{\"Inputs\":{\"data\":{\"ColumnNames\":[\"cat\",\"when\",\"flag\",\"num\"],\"Values\":[[\"c2\",\"2024-01-02T00:00:00\",false,-3]]}}}", out form);
            Assert.Equal(RequestForm.Classic, form);
            Assert.Equal(-3, ((NumberColumn)classic["num"])[0]);
            Assert.Equal(new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc), ((DateTimeColumn)classic["when"]).GetDateTime(0));
        }

        [Theory]
        [InlineData("[{\"num\":\"1\",\"flag\":true,\"when\":null,\"cat\":\"a\"}]", "column 'num'")]
        [InlineData("[{\"num\":1,\"flag\":1,\"when\":null,\"cat\":\"a\"}]", "column 'flag'")]
        [InlineData("[{\"num\":1,\"flag\":true,\"when\":\"yesterday\",\"cat\":\"a\"}]", "column 'when'")]
        [InlineData("[{\"num\":1,\"flag\":true,\"when\":12,\"cat\":\"a\"}]", "column 'when'")]
        [InlineData("[{\"num\":1,\"flag\":true,\"when\":null,\"cat\":5}]", "column 'cat'")]
        [InlineData("[{\"num\":1,\"flag\":true,\"when\":null,\"cat\":\"a\",\"CAT\":\"b\"}]", "twice")]
        [InlineData("[{\"num\":1,\"flag\":true,\"when\":null}]", "'cat'")]
        [InlineData("{\"Inputs\":{\"a\":[],\"b\":[]}}", "one input")]
        public void Wrong_values_are_400_naming_the_column(string json, string fragment)
        {
            var error = Assert.Throws<ApiError>(() => Parse(json, out _));
            Assert.Equal(400, error.Status);
            Assert.Contains(fragment, error.Message);
        }

        [Fact]
        public void A_parser_reused_after_an_error_starts_clean()
        {
            var parser = new RequestParser();
            Assert.Throws<ApiError>(() => parser.Parse(Encoding.UTF8.GetBytes("[{\"num\":1,\"flag\":true,\"when\":null,\"cat\":\"a\"},{\"num\":1,\"num\":2}]"), Endpoint.Value, out _));
            var table = parser.Parse(Encoding.UTF8.GetBytes("[{\"num\":7,\"flag\":false,\"when\":null,\"cat\":\"z\"}]"), Endpoint.Value, out _);
            Assert.Equal(1, table.RowCount);
            Assert.Equal(7, ((NumberColumn)table["num"])[0]);
            Assert.Equal("z", ((StringColumn)table["cat"])[0]);
        }
    }
}
