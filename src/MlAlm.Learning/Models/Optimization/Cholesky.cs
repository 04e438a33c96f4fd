using System;

namespace MlAlm.Learning.Models.Optimization
{
    /// <summary>Solves A·x = b for a symmetric positive definite A by Cholesky factorization (A = L·Lᵀ).</summary>
    internal static class Cholesky
    {
        /// <summary>
        /// Factors <paramref name="a"/> (n×n, row-major, only the lower triangle is read) into L in
        /// place (lower triangle). Returns false when A is not numerically positive definite: a
        /// pivot is not positive or is below <paramref name="relativePivot"/> times the largest
        /// diagonal entry.
        /// </summary>
        public static bool Factor(double[] a, int n, double relativePivot = 1e-13)
        {
            if (a.Length < n * n) throw new ArgumentException("The matrix is too small.", nameof(a));
            double maxDiagonal = 0;
            for (int i = 0; i < n; i++) maxDiagonal = Math.Max(maxDiagonal, a[(i * n) + i]);
            double minPivot = maxDiagonal * relativePivot;
            for (int j = 0; j < n; j++)
            {
                int rowJ = j * n;
                double d = a[rowJ + j];
                for (int k = 0; k < j; k++) d -= a[rowJ + k] * a[rowJ + k];
                if (!(d > minPivot) || double.IsInfinity(d)) return false;
                double ljj = Math.Sqrt(d);
                a[rowJ + j] = ljj;
                for (int i = j + 1; i < n; i++)
                {
                    int rowI = i * n;
                    double s = a[rowI + j];
                    for (int k = 0; k < j; k++) s -= a[rowI + k] * a[rowJ + k];
                    a[rowI + j] = s / ljj;
                }
            }
            return true;
        }

        /// <summary>Solves L·Lᵀ·x = b with the factor from <see cref="Factor"/>; b is overwritten by x.</summary>
        public static void Solve(double[] l, int n, double[] b)
        {
            for (int i = 0; i < n; i++)
            {
                int row = i * n;
                double s = b[i];
                for (int k = 0; k < i; k++) s -= l[row + k] * b[k];
                b[i] = s / l[row + i];
            }
            for (int i = n - 1; i >= 0; i--)
            {
                double s = b[i];
                for (int k = i + 1; k < n; k++) s -= l[(k * n) + i] * b[k];
                b[i] = s / l[(i * n) + i];
            }
        }
    }
}
