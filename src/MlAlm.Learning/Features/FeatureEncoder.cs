using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using MlAlm.Learning.Data;
using Newtonsoft.Json.Linq;

namespace MlAlm.Learning.Features
{
    /// <summary>
    /// Turns table columns into model features, fitted once on training data and saved inside the
    /// model, so scoring encodes new rows exactly as training did.
    /// </summary>
    /// <remarks>
    /// <para>Per input column, by its type in training:</para>
    /// <list type="bullet">
    /// <item>Number: one feature, the value. Boolean: one feature, 0 or 1.</item>
    /// <item>DateTime: six features, see <see cref="DateTimeParts"/>.</item>
    /// <item>String: categorical. The most frequent <see cref="FeatureEncoderOptions.MaxCategories"/>
    /// values seen in training are kept (sorted ordinally); when there were more, the rest share an
    /// "(other)" category, which then also takes values never seen in training. Without "(other)", an
    /// unseen value is unknown: all indicators 0 (linear layout) or NaN (compact layout). A missing
    /// value is treated the same way.</item>
    /// <item>Missing Number, Boolean and DateTime values become the training mean of the feature under
    /// <see cref="MissingValuePolicy.ReplaceWithMean"/> (0 when a column had no values at all), or
    /// stay NaN under <see cref="MissingValuePolicy.Keep"/>. Use CleanMissingData first for any other
    /// treatment.</item>
    /// </list>
    /// <para>
    /// Two layouts. <see cref="Encode"/> gives the compact one, for learners: a String column is one
    /// feature of category codes (flagged categorical). <see cref="EncodeOneHot"/> gives the linear
    /// one, a dense matrix where a String column is one 0/1 indicator per category. Linear learners
    /// read the compact layout and treat a categorical feature of k codes as k indicators, which
    /// needs no n×k matrix; their weights follow <see cref="LinearFeatureNames"/>.
    /// </para>
    /// </remarks>
    public sealed class FeatureEncoder
    {
        private readonly ColumnEncoder[] _columns;
        private readonly int[] _linearStart;
        private readonly int[] _compactStart;

        private FeatureEncoder(ColumnEncoder[] columns, MissingValuePolicy missingValues, int maxCategories)
        {
            _columns = columns;
            MissingValues = missingValues;
            MaxCategories = maxCategories;
            _compactStart = new int[columns.Length];
            _linearStart = new int[columns.Length];
            int compact = 0, linear = 0;
            for (int c = 0; c < columns.Length; c++)
            {
                _compactStart[c] = compact;
                _linearStart[c] = linear;
                compact += columns[c].CompactWidth;
                linear += columns[c].LinearWidth;
            }
            FeatureCount = compact;
            LinearFeatureCount = linear;
            InputColumns = new ReadOnlyCollection<ColumnSchema>(columns.Select(c => new ColumnSchema(c.Name, c.Type, c.TrainingMissing)).ToArray());
            FeatureNames = new ReadOnlyCollection<string>(columns.SelectMany(c => c.CompactNames()).ToArray());
            LinearFeatureNames = new ReadOnlyCollection<string>(columns.SelectMany(c => c.LinearNames()).ToArray());
            _isCategorical = new bool[compact];
            _categoryCounts = new int[compact];
            for (int c = 0; c < columns.Length; c++) columns[c].SetCompactFlags(_isCategorical, _categoryCounts, _compactStart[c]);
        }

        private readonly bool[] _isCategorical;
        private readonly int[] _categoryCounts;

        /// <summary>The columns read, in order, with their training types and missing counts.</summary>
        public IReadOnlyList<ColumnSchema> InputColumns { get; }

        public MissingValuePolicy MissingValues { get; }

        public int MaxCategories { get; }

        /// <summary>Features in the compact layout (<see cref="Encode"/>).</summary>
        public int FeatureCount { get; }

        public IReadOnlyList<string> FeatureNames { get; }

        /// <summary>Features in the linear (one-hot) layout: the length of a linear model's weight vector.</summary>
        public int LinearFeatureCount { get; }

        public IReadOnlyList<string> LinearFeatureNames { get; }

        /// <summary>Fits an encoder on <paramref name="columns"/> of <paramref name="data"/> (names ignore case).</summary>
        /// <exception cref="ArgumentException">A column does not exist, is listed twice, or holds an infinite number.</exception>
        public static FeatureEncoder Fit(DataTable data, IEnumerable<string> columns, FeatureEncoderOptions? options = null)
        {
            if (data == null) throw new ArgumentNullException(nameof(data));
            if (columns == null) throw new ArgumentNullException(nameof(columns));
            options ??= FeatureEncoderOptions.ForLinearModels();
            var selected = new List<DataColumn>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string name in columns)
            {
                if (string.IsNullOrEmpty(name)) throw new ArgumentException("A feature column name is empty.", nameof(columns));
                if (!data.TryGetColumn(name, out var column))
                    throw new ArgumentException($"Feature column '{name}' does not exist; the table has {Describe(data)}.", nameof(columns));
                if (!seen.Add(column.Name)) throw new ArgumentException($"Feature column '{column.Name}' is listed twice.", nameof(columns));
                if (!(column is NumberColumn || column is BooleanColumn || column is DateTimeColumn || column is StringColumn))
                    throw new ArgumentException($"Feature column '{column.Name}' has an unsupported type {column.Type}.", nameof(columns));
                selected.Add(column);
            }
            var encoders = new ColumnEncoder[selected.Count];
            int maxCategories = options.MaxCategories;
            ParallelWork.For(selected.Count, System.Threading.CancellationToken.None, c => encoders[c] = selected[c] switch
            {
                DateTimeColumn d => DateTimeEncoder.Fit(d),
                StringColumn s => CategoricalEncoder.Fit(s, maxCategories),
                var other => NumericEncoder.Fit(other),
            });
            return new FeatureEncoder(encoders, options.MissingValues, options.MaxCategories);
        }

        private static string Describe(DataTable data)
        {
            var names = data.Columns.Take(10).Select(c => "'" + c.Name + "'");
            return data.ColumnCount == 0 ? "no columns" : "columns " + string.Join(", ", names) + (data.ColumnCount > 10 ? ", ..." : string.Empty);
        }

        /// <summary>
        /// The compact layout: one array per feature; String columns as category codes (NaN: missing
        /// or unknown), missing numbers as the policy says. Clean Number columns are shared, not copied.
        /// </summary>
        /// <exception cref="ArgumentException">A column is missing from <paramref name="input"/> or has the wrong type.</exception>
        public EncodedFeatures Encode(DataTable input)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            var result = new double[FeatureCount][];
            bool impute = MissingValues == MissingValuePolicy.ReplaceWithMean;
            for (int c = 0; c < _columns.Length; c++)
            {
                var column = _columns[c].Resolve(input);
                _columns[c].EncodeCompact(column, result, _compactStart[c], impute);
            }
            return new EncodedFeatures(result, (bool[])_isCategorical.Clone(), (int[])_categoryCounts.Clone(), FeatureNames.ToArray(), input.RowCount);
        }

        /// <summary>
        /// The linear layout as a dense column-major matrix: String columns one-hot, missing values
        /// always replaced by the training mean. Arrays of clean Number columns are shared.
        /// </summary>
        public double[][] EncodeOneHot(DataTable input)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            var result = new double[LinearFeatureCount][];
            for (int c = 0; c < _columns.Length; c++)
            {
                var column = _columns[c].Resolve(input);
                _columns[c].EncodeLinear(column, result, _linearStart[c]);
            }
            return result;
        }

        /// <summary>
        /// output[i] = bias + Σ weights[j]·feature[j] of row i in the linear layout, computed column by
        /// column straight from the table (no feature matrix); missing values count as the training mean.
        /// </summary>
        public void ComputeLinear(DataTable input, double[] weights, double bias, double[] output)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            if (weights == null) throw new ArgumentNullException(nameof(weights));
            if (output == null) throw new ArgumentNullException(nameof(output));
            if (weights.Length != LinearFeatureCount) throw new ArgumentException($"Expected {LinearFeatureCount} weights, got {weights.Length}.", nameof(weights));
            if (output.Length != input.RowCount) throw new ArgumentException($"The output has {output.Length} places for {input.RowCount} rows.", nameof(output));
            // Resolve every column first, so a bad input fails before any work.
            var columns = new DataColumn[_columns.Length];
            for (int c = 0; c < _columns.Length; c++) columns[c] = _columns[c].Resolve(input);
            for (int i = 0; i < output.Length; i++) output[i] = bias;
            for (int c = 0; c < _columns.Length; c++) _columns[c].AddLinear(columns[c], weights, _linearStart[c], output);
        }

        /// <summary>A summary for model manifests: the policy and, per column, how it is encoded.</summary>
        public JObject Describe() => new JObject
        {
            ["missingValues"] = MissingValues == MissingValuePolicy.ReplaceWithMean ? "mean" : "keep",
            ["maxCategories"] = MaxCategories,
            ["featureCount"] = FeatureCount,
            ["linearFeatureCount"] = LinearFeatureCount,
            ["columns"] = new JArray(_columns.Select(c => (object)c.Describe()).ToArray()),
        };

        /// <summary>One line per column, for training logs.</summary>
        internal IEnumerable<string> DescribeLines()
        {
            foreach (var c in _columns)
            {
                string missing = c.TrainingMissing == 0 ? string.Empty
                    : MissingValues == MissingValuePolicy.ReplaceWithMean && c.Kind != ColumnEncoderKind.Categorical
                        ? $", {c.TrainingMissing} missing replaced by the mean"
                        : $", {c.TrainingMissing} missing";
                yield return c switch
                {
                    CategoricalEncoder k => $"'{c.Name}' (String): {k.Categories.Count} categories{(k.HasOther ? " and (other)" : string.Empty)}{missing}",
                    DateTimeEncoder => $"'{c.Name}' (DateTime): {string.Join(", ", DateTimeParts.Names)}{missing}",
                    _ => $"'{c.Name}' ({c.Type}){missing}",
                };
            }
        }

        private const int StateVersion = 1;

        /// <summary>Writes the fitted state (see docs/model-package.md).</summary>
        internal void Write(BinaryWriter writer)
        {
            writer.Write(StateVersion);
            writer.Write((byte)MissingValues);
            writer.Write(MaxCategories);
            writer.Write(_columns.Length);
            foreach (var column in _columns) column.Write(writer);
        }

        /// <exception cref="InvalidDataException">The state is not valid.</exception>
        internal static FeatureEncoder Read(BinaryReader reader)
        {
            int version = reader.ReadInt32();
            if (version != StateVersion) throw new InvalidDataException($"feature encoder state version {version} is not supported");
            var missing = (MissingValuePolicy)reader.ReadByte();
            if (missing != MissingValuePolicy.ReplaceWithMean && missing != MissingValuePolicy.Keep) throw new InvalidDataException("unknown missing-value policy");
            int maxCategories = reader.ReadInt32();
            if (maxCategories < 1) throw new InvalidDataException("invalid category limit");
            int count = reader.ReadInt32();
            if (count < 0 || count > 1_000_000) throw new InvalidDataException($"invalid feature column count {count}");
            var columns = new ColumnEncoder[count];
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (int c = 0; c < count; c++)
            {
                columns[c] = ColumnEncoder.Read(reader);
                if (!names.Add(columns[c].Name)) throw new InvalidDataException($"feature column '{columns[c].Name}' appears twice");
            }
            return new FeatureEncoder(columns, missing, maxCategories);
        }
    }
}
