using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace MlAlm.Learning.Evaluation
{
    /// <summary>Named metric values in a fixed order (the order they were added).</summary>
    public sealed class MetricSet : IReadOnlyList<KeyValuePair<string, double>>
    {
        private readonly List<KeyValuePair<string, double>> _values = new List<KeyValuePair<string, double>>();

        public MetricSet Add(string name, double value)
        {
            _values.Add(new KeyValuePair<string, double>(name, value));
            return this;
        }

        public double this[string name] => _values.First(v => v.Key == name).Value;

        public bool TryGetValue(string name, out double value)
        {
            foreach (var pair in _values)
            {
                if (pair.Key == name)
                {
                    value = pair.Value;
                    return true;
                }
            }
            value = double.NaN;
            return false;
        }

        public int Count => _values.Count;
        public KeyValuePair<string, double> this[int index] => _values[index];
        public IEnumerator<KeyValuePair<string, double>> GetEnumerator() => _values.GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        public override string ToString() => string.Join(", ", _values.Select(v => $"{v.Key}={v.Value:G6}"));
    }
}
