using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace MlAlm.Learning.Models
{
    /// <summary>How a model was trained: rows, optimizer outcome, parameters and the trainer's log.</summary>
    /// <remarks>Holds nothing that varies between runs (no timings), so a package stays byte-identical for the same model.</remarks>
    public sealed class TrainingSummary
    {
        public TrainingSummary(int rowCount, int skippedRows, int iterations, bool converged, double objective,
            IEnumerable<KeyValuePair<string, double>> parameters, IEnumerable<string> log)
        {
            if (rowCount < 0) throw new ArgumentOutOfRangeException(nameof(rowCount));
            if (skippedRows < 0) throw new ArgumentOutOfRangeException(nameof(skippedRows));
            RowCount = rowCount;
            SkippedRows = skippedRows;
            Iterations = iterations;
            Converged = converged;
            Objective = objective;
            Parameters = new ReadOnlyCollection<KeyValuePair<string, double>>((parameters ?? throw new ArgumentNullException(nameof(parameters))).ToArray());
            Log = new ReadOnlyCollection<string>((log ?? throw new ArgumentNullException(nameof(log))).ToArray());
        }

        /// <summary>Rows trained on.</summary>
        public int RowCount { get; }

        /// <summary>Rows left out because their label was missing.</summary>
        public int SkippedRows { get; }

        /// <summary>Optimizer iterations (0 for a closed-form solution).</summary>
        public int Iterations { get; }

        public bool Converged { get; }

        /// <summary>The training objective at the solution (mean loss plus penalty).</summary>
        public double Objective { get; }

        /// <summary>The hyper-parameters the learner used, in a fixed order.</summary>
        public IReadOnlyList<KeyValuePair<string, double>> Parameters { get; }

        /// <summary>What the trainer reported, one line per message.</summary>
        public IReadOnlyList<string> Log { get; }
    }
}
