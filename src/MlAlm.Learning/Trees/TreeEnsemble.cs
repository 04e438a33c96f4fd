using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading.Tasks;

namespace MlAlm.Learning.Trees
{
    /// <summary>
    /// A trained boosted ensemble: a base score plus the sum of its trees' leaf values. Predicts from
    /// raw feature values laid out as in training (same columns, same order, same category codes);
    /// the bins used in training are not needed.
    /// </summary>
    public sealed class TreeEnsemble
    {
        private const int FormatVersion = 1;
        private const int MaxTrees = 1 << 20;
        private const int MaxLeaves = 1 << 20;
        private const int MaxFeatures = 1 << 20;
        private const long MaxPayload = int.MaxValue;
        private static readonly byte[] Magic = Encoding.ASCII.GetBytes("MLALMGBT");

        private readonly FeatureInfo[] _features;
        private readonly RegressionTree[] _trees;

        internal TreeEnsemble(BoostingObjective objective, double baseScore, FeatureInfo[] features, RegressionTree[] trees)
        {
            Objective = objective;
            BaseScore = baseScore;
            _features = features;
            _trees = trees;
            var names = new string[features.Length];
            var categorical = new bool[features.Length];
            for (int f = 0; f < features.Length; f++)
            {
                names[f] = features[f].Name;
                categorical[f] = features[f].IsCategorical;
            }
            FeatureNames = Array.AsReadOnly(names);
            FeatureIsCategorical = Array.AsReadOnly(categorical);
        }

        public BoostingObjective Objective { get; }

        /// <summary>The constant the trees start from: the mean label (squared error) or its log-odds (log loss).</summary>
        public double BaseScore { get; }

        public int TreeCount => _trees.Length;

        public int FeatureCount => _features.Length;

        public IReadOnlyList<string> FeatureNames { get; }

        public IReadOnlyList<bool> FeatureIsCategorical { get; }

        internal IReadOnlyList<RegressionTree> Trees => _trees;

        internal FeatureInfo[] Features => _features;

        /// <summary>
        /// Raw scores for every row: <see cref="BaseScore"/> plus the trees' outputs. For
        /// <see cref="BoostingObjective.LogLoss"/> this is the log-odds of label 1.
        /// </summary>
        /// <param name="columns">One array per feature, in training order, each as long as <paramref name="rawScores"/>.</param>
        /// <param name="rawScores">Receives one score per row.</param>
        public void PredictRaw(double[][] columns, double[] rawScores)
        {
            CheckColumns(columns, rawScores);
            int rows = rawScores.Length;
            const int block = 4096;
            if (rows <= block)
            {
                PredictBlock(columns, rawScores, 0, rows);
                return;
            }
            int blocks = (rows + block - 1) / block;
            Parallel.For(0, blocks, b => PredictBlock(columns, rawScores, b * block, Math.Min(rows, (b + 1) * block)));
        }

        /// <summary>
        /// Predictions for every row: the estimate for <see cref="BoostingObjective.SquaredError"/>, the
        /// probability of label 1 for <see cref="BoostingObjective.LogLoss"/>.
        /// </summary>
        public void Predict(double[][] columns, double[] output)
        {
            PredictRaw(columns, output);
            if (Objective == BoostingObjective.LogLoss)
            {
                for (int i = 0; i < output.Length; i++) output[i] = Sigmoid(output[i]);
            }
        }

        /// <summary>The raw score of one row given as a vector of feature values in training order.</summary>
        public double PredictRaw(double[] featureValues)
        {
            if (featureValues == null) throw new ArgumentNullException(nameof(featureValues));
            if (featureValues.Length != _features.Length)
                throw new ArgumentException($"The model reads {_features.Length} features, got {featureValues.Length}.", nameof(featureValues));
            double sum = BaseScore;
            foreach (var tree in _trees) sum += tree.LeafValue[tree.Leaf(featureValues, _features)];
            return sum;
        }

        /// <summary>The logistic function 1 / (1 + e^-x), mapping log-odds to a probability.</summary>
        public static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

        /// <summary>For each feature, the total loss reduction of the splits on it, divided by the total over all features (0 if no split).</summary>
        public double[] FeatureImportance()
        {
            var importance = new double[_features.Length];
            double total = 0;
            foreach (var tree in _trees)
            {
                for (int n = 0; n < tree.NodeCount; n++)
                {
                    importance[tree.Feature[n]] += tree.Gain[n];
                    total += tree.Gain[n];
                }
            }
            if (total > 0) for (int f = 0; f < importance.Length; f++) importance[f] /= total;
            return importance;
        }

        private void PredictBlock(double[][] columns, double[] raw, int from, int to)
        {
            for (int i = from; i < to; i++) raw[i] = BaseScore;
            // Tree by tree, so each tree's arrays stay in cache across the block; every row still
            // adds its trees in order, so results do not depend on blocks or threads.
            foreach (var tree in _trees) tree.AddTo(columns, raw, from, to, _features);
        }

        private void CheckColumns(double[][] columns, double[] rawScores)
        {
            if (columns == null) throw new ArgumentNullException(nameof(columns));
            if (rawScores == null) throw new ArgumentNullException(nameof(rawScores));
            if (columns.Length != _features.Length)
                throw new ArgumentException($"The model reads {_features.Length} feature columns, got {columns.Length}.", nameof(columns));
            for (int f = 0; f < columns.Length; f++)
            {
                if (columns[f] == null || columns[f].Length != rawScores.Length)
                    throw new ArgumentException($"Column {f} ('{_features[f].Name}') must have {rawScores.Length} rows.", nameof(columns));
            }
        }

        // ---- Serialization -------------------------------------------------------------------
        //
        // "MLALMGBT", int32 format version, int64 payload length, payload, uint64 FNV-1a-64 of the
        // payload. All numbers little-endian (BinaryWriter); strings length-prefixed UTF-8.
        // Payload: int32 objective, double base score, int32 features, each: string name, bool
        // categorical, and if categorical int32 other bin, int32 map length, int32[] bin of code;
        // int32 trees, each: int32 leaves L, then L-1 nodes: int32 feature, byte kind (0 numeric,
        // 1 categorical), numeric: double threshold, bool default-left; categorical: int32 offset
        // into the tree's category words; int32 left, int32 right, double gain; then int32 category
        // word count W and W uint64; then L leaves: double value, int32 count.

        /// <summary>Writes the model; the same model always gives the same bytes.</summary>
        public void Write(BinaryWriter writer)
        {
            if (writer == null) throw new ArgumentNullException(nameof(writer));
            using var buffer = new MemoryStream();
            using (var w = new BinaryWriter(buffer, new UTF8Encoding(false, true), leaveOpen: true))
            {
                WritePayload(w);
            }
            byte[] payload = buffer.GetBuffer();
            int length = (int)buffer.Length;
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write((long)length);
            writer.Write(payload, 0, length);
            writer.Write(Fnv1a(payload, length));
        }

        private void WritePayload(BinaryWriter w)
        {
            w.Write((int)Objective);
            w.Write(BaseScore);
            w.Write(_features.Length);
            foreach (var feature in _features)
            {
                w.Write(feature.Name);
                w.Write(feature.IsCategorical);
                if (!feature.IsCategorical) continue;
                w.Write(feature.OtherBin);
                w.Write(feature.BinOfCode.Length);
                foreach (int bin in feature.BinOfCode) w.Write(bin);
            }
            w.Write(_trees.Length);
            foreach (var tree in _trees)
            {
                w.Write(tree.LeafCountTotal);
                for (int n = 0; n < tree.NodeCount; n++)
                {
                    w.Write(tree.Feature[n]);
                    if (tree.CategoryOffset[n] < 0)
                    {
                        w.Write((byte)0);
                        w.Write(tree.Threshold[n]);
                        w.Write(tree.DefaultLeft[n]);
                    }
                    else
                    {
                        w.Write((byte)1);
                        w.Write(tree.CategoryOffset[n]);
                    }
                    w.Write(tree.Left[n]);
                    w.Write(tree.Right[n]);
                    w.Write(tree.Gain[n]);
                }
                w.Write(tree.CategoryBits.Length);
                foreach (ulong word in tree.CategoryBits) w.Write(word);
                for (int l = 0; l < tree.LeafCountTotal; l++)
                {
                    w.Write(tree.LeafValue[l]);
                    w.Write(tree.LeafCount[l]);
                }
            }
        }

        /// <summary>
        /// Reads a model written by <see cref="Write"/>. Throws <see cref="InvalidDataException"/> when
        /// the bytes are not such a model, are truncated, or were changed.
        /// </summary>
        public static TreeEnsemble Read(BinaryReader reader)
        {
            if (reader == null) throw new ArgumentNullException(nameof(reader));
            try
            {
                byte[] magic = reader.ReadBytes(Magic.Length);
                if (!Equal(magic, Magic)) throw Corrupt("it does not start with the tree-ensemble signature");
                int version = reader.ReadInt32();
                if (version != FormatVersion) throw Corrupt($"format version {version} is not supported (expected {FormatVersion})");
                long length = reader.ReadInt64();
                if (length < 0 || length > MaxPayload) throw Corrupt($"the payload length {length} is out of range");
                byte[] payload = ReadExactly(reader, (int)length);
                ulong checksum = reader.ReadUInt64();
                if (checksum != Fnv1a(payload, payload.Length)) throw Corrupt("the checksum does not match");

                using var stream = new MemoryStream(payload, writable: false);
                using var r = new BinaryReader(stream, new UTF8Encoding(false, true));
                var ensemble = ReadPayload(r);
                if (stream.Position != stream.Length) throw Corrupt("there are bytes after the last tree");
                return ensemble;
            }
            catch (EndOfStreamException e)
            {
                throw new InvalidDataException("The tree ensemble is truncated.", e);
            }
            catch (DecoderFallbackException e)
            {
                throw new InvalidDataException("The tree ensemble holds a feature name that is not valid UTF-8.", e);
            }
        }

        private static TreeEnsemble ReadPayload(BinaryReader r)
        {
            int objective = r.ReadInt32();
            if (objective != (int)BoostingObjective.SquaredError && objective != (int)BoostingObjective.LogLoss)
                throw Corrupt($"unknown objective {objective}");
            double baseScore = r.ReadDouble();
            if (!IsFinite(baseScore)) throw Corrupt("the base score is not a finite number");

            int featureCount = ReadCount(r, 1, MaxFeatures, "feature count");
            var features = new FeatureInfo[featureCount];
            for (int f = 0; f < featureCount; f++)
            {
                string name = r.ReadString();
                bool categorical = r.ReadBoolean();
                if (!categorical)
                {
                    features[f] = new FeatureInfo(name, false, null, 0);
                    continue;
                }
                int otherBin = ReadCount(r, 0, 255, "category bin count");
                int mapLength = ReadCount(r, 0, FeatureInfo.CodeLimit, "category map length");
                var map = new int[mapLength];
                for (int c = 0; c < mapLength; c++)
                {
                    map[c] = r.ReadInt32();
                    if (map[c] < -1 || map[c] >= otherBin) throw Corrupt($"feature {f} maps category {c} to bin {map[c]}");
                }
                features[f] = new FeatureInfo(name, true, map, otherBin);
            }

            int treeCount = ReadCount(r, 0, MaxTrees, "tree count");
            var trees = new RegressionTree[treeCount];
            for (int t = 0; t < treeCount; t++) trees[t] = ReadTree(r, t, features);
            return new TreeEnsemble((BoostingObjective)objective, baseScore, features, trees);
        }

        private static RegressionTree ReadTree(BinaryReader r, int t, FeatureInfo[] features)
        {
            int leaves = ReadCount(r, 1, MaxLeaves, $"leaf count of tree {t}");
            int nodes = leaves - 1;
            var feature = new int[nodes];
            var threshold = new double[nodes];
            var defaultLeft = new bool[nodes];
            var offset = new int[nodes];
            var left = new int[nodes];
            var right = new int[nodes];
            var gain = new double[nodes];
            for (int n = 0; n < nodes; n++)
            {
                feature[n] = r.ReadInt32();
                if (feature[n] < 0 || feature[n] >= features.Length) throw Corrupt($"tree {t} node {n} splits on feature {feature[n]}");
                byte kind = r.ReadByte();
                if (kind != (features[feature[n]].IsCategorical ? 1 : 0)) throw Corrupt($"tree {t} node {n} does not match its feature's kind");
                if (kind == 0)
                {
                    offset[n] = -1;
                    threshold[n] = r.ReadDouble();
                    if (double.IsNaN(threshold[n])) throw Corrupt($"tree {t} node {n} has a NaN threshold");
                    defaultLeft[n] = r.ReadBoolean();
                }
                else
                {
                    offset[n] = r.ReadInt32();
                    threshold[n] = double.NaN;
                }
                left[n] = r.ReadInt32();
                right[n] = r.ReadInt32();
                gain[n] = r.ReadDouble();
                if (!IsFinite(gain[n])) throw Corrupt($"tree {t} node {n} has a gain that is not finite");
            }
            int words = ReadCount(r, 0, nodes * RegressionTree.CategoryWords, $"category word count of tree {t}");
            var bits = new ulong[words];
            for (int i = 0; i < words; i++) bits[i] = r.ReadUInt64();
            for (int n = 0; n < nodes; n++)
            {
                if (offset[n] >= 0 && (offset[n] % RegressionTree.CategoryWords != 0 || offset[n] > words - RegressionTree.CategoryWords))
                    throw Corrupt($"tree {t} node {n} has a category set outside the tree");
            }
            CheckStructure(t, left, right, leaves);

            var values = new double[leaves];
            var counts = new int[leaves];
            for (int l = 0; l < leaves; l++)
            {
                values[l] = r.ReadDouble();
                if (!IsFinite(values[l])) throw Corrupt($"tree {t} leaf {l} has a value that is not finite");
                counts[l] = r.ReadInt32();
                if (counts[l] < 0) throw Corrupt($"tree {t} leaf {l} has a negative count");
            }
            return new RegressionTree(feature, threshold, defaultLeft, offset, bits, left, right, gain, values, counts);
        }

        /// <summary>Every node but the root, and every leaf, is the child of exactly one node with a lower number: a tree, no cycles.</summary>
        private static void CheckStructure(int t, int[] left, int[] right, int leaves)
        {
            int nodes = left.Length;
            var nodeSeen = new bool[nodes];
            var leafSeen = new bool[leaves];
            // 2(L-1) child references for L-2 non-root nodes and L leaves: if none is claimed
            // twice, each is claimed exactly once.
            for (int n = 0; n < nodes; n++)
            {
                Claim(n, left[n]);
                Claim(n, right[n]);
            }

            void Claim(int n, int child)
            {
                if (child >= 0)
                {
                    if (child <= n || child >= nodes || nodeSeen[child]) throw Corrupt($"tree {t} node {n} has an invalid child {child}");
                    nodeSeen[child] = true;
                }
                else
                {
                    int leaf = ~child;
                    if (leaf >= leaves || leafSeen[leaf]) throw Corrupt($"tree {t} node {n} has an invalid leaf {leaf}");
                    leafSeen[leaf] = true;
                }
            }
        }

        private static int ReadCount(BinaryReader r, int min, int max, string what)
        {
            int value = r.ReadInt32();
            if (value < min || value > max) throw Corrupt($"the {what} {value} is out of range");
            return value;
        }

        private static byte[] ReadExactly(BinaryReader reader, int length)
        {
            // In chunks, so that a corrupt length cannot make us allocate gigabytes up front.
            var result = new MemoryStream(Math.Min(length, 1 << 20));
            var chunk = new byte[Math.Min(length, 1 << 16)];
            int left = length;
            while (left > 0)
            {
                int read = reader.Read(chunk, 0, Math.Min(left, chunk.Length));
                if (read <= 0) throw new EndOfStreamException();
                result.Write(chunk, 0, read);
                left -= read;
            }
            return result.Length == result.Capacity ? result.GetBuffer() : result.ToArray();
        }

        private static ulong Fnv1a(byte[] data, int length)
        {
            ulong hash = 0xCBF29CE484222325UL;
            for (int i = 0; i < length; i++)
            {
                hash ^= data[i];
                hash *= 0x100000001B3UL;
            }
            return hash;
        }

        private static bool Equal(byte[] a, byte[] b)
        {
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return false;
            return true;
        }

        private static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);

        private static InvalidDataException Corrupt(string reason) => new InvalidDataException($"The tree ensemble is not valid: {reason}.");
    }
}
