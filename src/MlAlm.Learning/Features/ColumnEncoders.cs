using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MlAlm.Learning.Data;
using Newtonsoft.Json.Linq;

namespace MlAlm.Learning.Features
{
    /// <summary>
    /// How one input column becomes features. Two layouts: the compact one
    /// (<see cref="EncodedFeatures"/>: a String column is one feature of category codes) and the
    /// linear one (a String column is one 0/1 indicator per category). Numeric and DateTime
    /// columns are the same in both.
    /// </summary>
    internal abstract class ColumnEncoder
    {
        protected ColumnEncoder(string name, ColumnType type, long trainingMissing)
        {
            Name = name;
            Type = type;
            TrainingMissing = trainingMissing;
        }

        public string Name { get; }

        /// <summary>The column's type in training.</summary>
        public ColumnType Type { get; }

        public long TrainingMissing { get; }

        public abstract ColumnEncoderKind Kind { get; }

        public abstract int CompactWidth { get; }

        public abstract int LinearWidth { get; }

        public abstract IEnumerable<string> CompactNames();

        public abstract IEnumerable<string> LinearNames();

        public virtual void SetCompactFlags(bool[] isCategorical, int[] categoryCounts, int at)
        {
        }

        /// <summary>Writes <see cref="CompactWidth"/> arrays into <paramref name="destination"/> from index <paramref name="at"/>.</summary>
        public abstract void EncodeCompact(DataColumn column, double[][] destination, int at, bool impute);

        /// <summary>Writes <see cref="LinearWidth"/> arrays (one-hot, missing values imputed).</summary>
        public abstract void EncodeLinear(DataColumn column, double[][] destination, int at);

        /// <summary>Adds Σ weight·feature for every row of <paramref name="column"/> to <paramref name="output"/>.</summary>
        public abstract void AddLinear(DataColumn column, double[] weights, int offset, double[] output);

        public abstract void WriteState(BinaryWriter writer);

        public abstract JObject Describe();

        /// <summary>The input column this encoder reads, checked for type.</summary>
        public DataColumn Resolve(DataTable input)
        {
            if (!input.TryGetColumn(Name, out var column))
                throw new ArgumentException($"The input has no column '{Name}', which the model reads ({Type}).");
            if (column.Type != Type && !(Type == ColumnType.Number && column.Type == ColumnType.Boolean))
                throw new ArgumentException($"Column '{Name}' is {column.Type} but the model was trained on {Type}.");
            return column;
        }

        public void Write(BinaryWriter writer)
        {
            writer.Write(Name);
            writer.Write((byte)Type);
            writer.Write(TrainingMissing);
            writer.Write((byte)Kind);
            WriteState(writer);
        }

        public static ColumnEncoder Read(BinaryReader reader)
        {
            string name = reader.ReadString();
            if (name.Length == 0) throw new InvalidDataException("a feature column has no name");
            var type = (ColumnType)reader.ReadByte();
            long missing = reader.ReadInt64();
            if (missing < 0) throw new InvalidDataException($"column '{name}' has a negative missing count");
            var kind = (ColumnEncoderKind)reader.ReadByte();
            switch (kind)
            {
                case ColumnEncoderKind.Numeric when type == ColumnType.Number || type == ColumnType.Boolean:
                    return new NumericEncoder(name, type, missing, reader.ReadDouble());
                case ColumnEncoderKind.DateTime when type == ColumnType.DateTime:
                    var fills = new double[DateTimeParts.Count];
                    for (int k = 0; k < fills.Length; k++) fills[k] = reader.ReadDouble();
                    return new DateTimeEncoder(name, missing, fills);
                case ColumnEncoderKind.Categorical when type == ColumnType.String:
                    int count = reader.ReadInt32();
                    if (count < 0 || count > 1_000_000) throw new InvalidDataException($"column '{name}' has {count} categories");
                    var categories = new string[count];
                    for (int k = 0; k < count; k++) categories[k] = reader.ReadString();
                    bool hasOther = reader.ReadBoolean();
                    return new CategoricalEncoder(name, missing, categories, hasOther);
                default:
                    throw new InvalidDataException($"column '{name}' has an unknown encoding ({(int)kind}) for its type ({(int)type})");
            }
        }

        protected static double[] NumericValues(DataColumn column) =>
            column is NumberColumn n ? n.Values : ((BooleanColumn)column).Values;
    }

    internal enum ColumnEncoderKind : byte
    {
        Numeric = 1,
        DateTime = 2,
        Categorical = 3,
    }

    /// <summary>A Number or Boolean column: one feature, the value (Boolean as 0/1).</summary>
    internal sealed class NumericEncoder : ColumnEncoder
    {
        public NumericEncoder(string name, ColumnType type, long trainingMissing, double fill)
            : base(name, type, trainingMissing)
        {
            if (double.IsNaN(fill) || double.IsInfinity(fill)) throw new InvalidDataException($"column '{name}' has a non-finite fill value");
            Fill = fill;
        }

        /// <summary>The training mean (0 when the column had no values), which replaces a missing value.</summary>
        public double Fill { get; }

        public override ColumnEncoderKind Kind => ColumnEncoderKind.Numeric;

        public override int CompactWidth => 1;

        public override int LinearWidth => 1;

        public override IEnumerable<string> CompactNames() => new[] { Name };

        public override IEnumerable<string> LinearNames() => new[] { Name };

        public static NumericEncoder Fit(DataColumn column)
        {
            double[] values = NumericValues(column);
            double sum = 0;
            long count = 0;
            for (int i = 0; i < values.Length; i++)
            {
                double v = values[i];
                if (double.IsNaN(v)) continue;
                sum += v;
                count++;
            }
            if (double.IsInfinity(sum) || double.IsNaN(sum))
            {
                for (int i = 0; i < values.Length; i++)
                {
                    if (double.IsInfinity(values[i])) throw new ArgumentException($"Feature column '{column.Name}' has an infinite value (row {i + 1}); a model cannot learn from it.");
                }
                throw new ArgumentException($"The values of feature column '{column.Name}' are too large to add up.");
            }
            return new NumericEncoder(column.Name, column.Type, column.MissingCount, count == 0 ? 0 : sum / count);
        }

        public override void EncodeCompact(DataColumn column, double[][] destination, int at, bool impute)
        {
            double[] values = NumericValues(column);
            if (!impute || column.MissingCount == 0)
            {
                destination[at] = values; // shared, read-only
                return;
            }
            destination[at] = Imputed(values);
        }

        public override void EncodeLinear(DataColumn column, double[][] destination, int at)
        {
            double[] values = NumericValues(column);
            destination[at] = column.MissingCount == 0 ? values : Imputed(values);
        }

        private double[] Imputed(double[] values)
        {
            var result = new double[values.Length];
            double fill = Fill;
            for (int i = 0; i < values.Length; i++)
            {
                double v = values[i];
                result[i] = double.IsNaN(v) ? fill : v;
            }
            return result;
        }

        public override void AddLinear(DataColumn column, double[] weights, int offset, double[] output)
        {
            double[] values = NumericValues(column);
            double w = weights[offset];
            if (w == 0) return;
            double fill = Fill;
            for (int i = 0; i < output.Length; i++)
            {
                double v = values[i];
                output[i] += w * (double.IsNaN(v) ? fill : v);
            }
        }

        public override void WriteState(BinaryWriter writer) => writer.Write(Fill);

        public override JObject Describe() => new JObject
        {
            ["name"] = Name,
            ["type"] = Type.ToString(),
            ["encoding"] = "number",
            ["mean"] = Fill,
        };
    }

    /// <summary>A DateTime column: the six <see cref="DateTimeParts"/>.</summary>
    internal sealed class DateTimeEncoder : ColumnEncoder
    {
        private readonly double[] _fills;

        public DateTimeEncoder(string name, long trainingMissing, double[] fills)
            : base(name, ColumnType.DateTime, trainingMissing)
        {
            if (fills.Length != DateTimeParts.Count || fills.Any(f => double.IsNaN(f) || double.IsInfinity(f)))
                throw new InvalidDataException($"column '{name}' has invalid fill values");
            _fills = fills;
        }

        public override ColumnEncoderKind Kind => ColumnEncoderKind.DateTime;

        public override int CompactWidth => DateTimeParts.Count;

        public override int LinearWidth => DateTimeParts.Count;

        public override IEnumerable<string> CompactNames() => DateTimeParts.Names.Select(p => Name + "." + p);

        public override IEnumerable<string> LinearNames() => CompactNames();

        public static DateTimeEncoder Fit(DateTimeColumn column)
        {
            long[] ticks = column.Ticks;
            var sums = new double[DateTimeParts.Count];
            long count = 0;
            for (int i = 0; i < ticks.Length; i++)
            {
                long t = ticks[i];
                if (t == DateTimeColumn.MissingTicks) continue;
                DateTimeParts.Split(t, out double y, out double m, out double d, out double w, out double h, out double days);
                sums[0] += y;
                sums[1] += m;
                sums[2] += d;
                sums[3] += w;
                sums[4] += h;
                sums[5] += days;
                count++;
            }
            var fills = new double[DateTimeParts.Count];
            if (count > 0)
            {
                for (int k = 0; k < fills.Length; k++) fills[k] = sums[k] / count;
            }
            return new DateTimeEncoder(column.Name, column.MissingCount, fills);
        }

        public override void EncodeCompact(DataColumn column, double[][] destination, int at, bool impute)
        {
            long[] ticks = ((DateTimeColumn)column).Ticks;
            int n = ticks.Length;
            double[] year = new double[n], month = new double[n], day = new double[n], week = new double[n], hour = new double[n], days = new double[n];
            double[] f = impute ? _fills : new[] { double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN };
            for (int i = 0; i < n; i++)
            {
                long t = ticks[i];
                if (t == DateTimeColumn.MissingTicks)
                {
                    year[i] = f[0];
                    month[i] = f[1];
                    day[i] = f[2];
                    week[i] = f[3];
                    hour[i] = f[4];
                    days[i] = f[5];
                }
                else
                {
                    DateTimeParts.Split(t, out year[i], out month[i], out day[i], out week[i], out hour[i], out days[i]);
                }
            }
            destination[at] = year;
            destination[at + 1] = month;
            destination[at + 2] = day;
            destination[at + 3] = week;
            destination[at + 4] = hour;
            destination[at + 5] = days;
        }

        public override void EncodeLinear(DataColumn column, double[][] destination, int at) => EncodeCompact(column, destination, at, impute: true);

        public override void AddLinear(DataColumn column, double[] weights, int offset, double[] output)
        {
            long[] ticks = ((DateTimeColumn)column).Ticks;
            double w0 = weights[offset], w1 = weights[offset + 1], w2 = weights[offset + 2];
            double w3 = weights[offset + 3], w4 = weights[offset + 4], w5 = weights[offset + 5];
            double missing = (w0 * _fills[0]) + (w1 * _fills[1]) + (w2 * _fills[2]) + (w3 * _fills[3]) + (w4 * _fills[4]) + (w5 * _fills[5]);
            for (int i = 0; i < output.Length; i++)
            {
                long t = ticks[i];
                if (t == DateTimeColumn.MissingTicks)
                {
                    output[i] += missing;
                    continue;
                }
                DateTimeParts.Split(t, out double y, out double m, out double d, out double w, out double h, out double days);
                output[i] += (w0 * y) + (w1 * m) + (w2 * d) + (w3 * w) + (w4 * h) + (w5 * days);
            }
        }

        public override void WriteState(BinaryWriter writer)
        {
            foreach (double f in _fills) writer.Write(f);
        }

        public override JObject Describe()
        {
            var means = new JObject();
            for (int k = 0; k < DateTimeParts.Count; k++) means[DateTimeParts.Names[k]] = _fills[k];
            return new JObject
            {
                ["name"] = Name,
                ["type"] = Type.ToString(),
                ["encoding"] = "dateTimeParts",
                ["means"] = means,
            };
        }
    }

    /// <summary>
    /// A String column: categories seen in training, the most frequent <c>maxCategories</c> kept (in
    /// ordinal order) and, when there were more, an "(other)" category for the rest. Compact layout:
    /// one feature of codes (the category's index; "(other)" last; NaN for a missing value or, when
    /// there is no "(other)", an unseen one). Linear layout: one 0/1 indicator per category, all 0
    /// for a missing or unseen value.
    /// </summary>
    internal sealed class CategoricalEncoder : ColumnEncoder
    {
        public const string OtherName = "(other)";

        private readonly string[] _categories;
        private readonly Dictionary<string, int> _codes;

        public CategoricalEncoder(string name, long trainingMissing, string[] categories, bool hasOther)
            : base(name, ColumnType.String, trainingMissing)
        {
            _categories = categories;
            HasOther = hasOther;
            _codes = new Dictionary<string, int>(categories.Length, StringComparer.Ordinal);
            for (int k = 0; k < categories.Length; k++)
            {
                if (categories[k] == null || _codes.ContainsKey(categories[k])) throw new InvalidDataException($"column '{name}' lists category '{categories[k]}' twice");
                _codes.Add(categories[k], k);
            }
        }

        public IReadOnlyList<string> Categories => _categories;

        public bool HasOther { get; }

        /// <summary>Number of codes: the categories and "(other)".</summary>
        public int CodeCount => _categories.Length + (HasOther ? 1 : 0);

        public override ColumnEncoderKind Kind => ColumnEncoderKind.Categorical;

        public override int CompactWidth => 1;

        public override int LinearWidth => CodeCount;

        public override IEnumerable<string> CompactNames() => new[] { Name };

        public override IEnumerable<string> LinearNames() =>
            _categories.Select(c => Name + "=" + c).Concat(HasOther ? new[] { Name + "=" + OtherName } : Array.Empty<string>());

        public override void SetCompactFlags(bool[] isCategorical, int[] categoryCounts, int at)
        {
            isCategorical[at] = true;
            categoryCounts[at] = CodeCount;
        }

        public static CategoricalEncoder Fit(StringColumn column, int maxCategories)
        {
            string?[] values = column.Values;
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            string? last = null;
            int lastCount = 0; // occurrences of 'last' not yet added to counts
            for (int i = 0; i < values.Length; i++)
            {
                string? v = values[i];
                if (v == null) continue;
                if (ReferenceEquals(v, last))
                {
                    lastCount++;
                    continue;
                }
                if (last != null) Add(counts, last, lastCount);
                last = v;
                lastCount = 1;
            }
            if (last != null) Add(counts, last, lastCount);

            bool hasOther = counts.Count > maxCategories;
            var kept = counts
                .OrderByDescending(p => p.Value)
                .ThenBy(p => p.Key, StringComparer.Ordinal)
                .Take(maxCategories)
                .Select(p => p.Key)
                .OrderBy(k => k, StringComparer.Ordinal)
                .ToArray();
            return new CategoricalEncoder(column.Name, column.MissingCount, kept, hasOther);
        }

        private static void Add(Dictionary<string, int> counts, string key, int count)
        {
            counts.TryGetValue(key, out int existing);
            counts[key] = existing + count;
        }

        /// <summary>The code of one value, -1 for none.</summary>
        public int Code(string? value)
        {
            if (value == null) return -1;
            return _codes.TryGetValue(value, out int found) ? found : HasOther ? _categories.Length : -1;
        }

        public override void EncodeCompact(DataColumn column, double[][] destination, int at, bool impute)
        {
            string?[] values = ((StringColumn)column).Values;
            var codes = new double[values.Length];
            FillCodes(values, codes);
            destination[at] = codes;
        }

        private void FillCodes(string?[] values, double[] codes)
        {
            string? last = null;
            double lastCode = double.NaN;
            for (int i = 0; i < values.Length; i++)
            {
                string? v = values[i];
                if (v == null)
                {
                    codes[i] = double.NaN;
                    continue;
                }
                if (!ReferenceEquals(v, last))
                {
                    int code = Code(v);
                    last = v;
                    lastCode = code < 0 ? double.NaN : code;
                }
                codes[i] = lastCode;
            }
        }

        public override void EncodeLinear(DataColumn column, double[][] destination, int at)
        {
            string?[] values = ((StringColumn)column).Values;
            int n = values.Length;
            for (int k = 0; k < CodeCount; k++) destination[at + k] = new double[n];
            var codes = new double[n];
            FillCodes(values, codes);
            for (int i = 0; i < n; i++)
            {
                double c = codes[i];
                if (!double.IsNaN(c)) destination[at + (int)c][i] = 1;
            }
        }

        public override void AddLinear(DataColumn column, double[] weights, int offset, double[] output)
        {
            string?[] values = ((StringColumn)column).Values;
            string? last = null;
            double lastWeight = 0;
            for (int i = 0; i < output.Length; i++)
            {
                string? v = values[i];
                if (v == null) continue;
                if (!ReferenceEquals(v, last))
                {
                    int code = Code(v);
                    last = v;
                    lastWeight = code < 0 ? 0 : weights[offset + code];
                }
                output[i] += lastWeight;
            }
        }

        public override void WriteState(BinaryWriter writer)
        {
            writer.Write(_categories.Length);
            foreach (string c in _categories) writer.Write(c);
            writer.Write(HasOther);
        }

        public override JObject Describe() => new JObject
        {
            ["name"] = Name,
            ["type"] = Type.ToString(),
            ["encoding"] = "categories",
            ["categories"] = new JArray(_categories.Cast<object>().ToArray()),
            ["other"] = HasOther,
        };
    }
}
